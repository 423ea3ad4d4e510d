# Terraform variable values for production.
paged_types = [
  "Stealth:IAMUser/LoggingConfigurationModified", # want GDL001
  "UnauthorizedAccess:IAMUser/ConsoleLogin",      # want GDL001
  "UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B",
]
