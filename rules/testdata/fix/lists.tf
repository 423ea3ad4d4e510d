locals {
  # A multi-line list with comments and a trailing comma.
  paged = [
    "UnauthorizedAccess:EC2/TorIPCaller", # the retired one
    "UnauthorizedAccess:EC2/TorClient",
    "Backdoor:EC2/XORDDOS",
  ]
  inline   = ["Backdoor:EC2/XORDDOS", "Recon:IAMUser/TorIPCaller", "CryptoCurrency:EC2/BitcoinTool.A"]
  only_old = ["Backdoor:EC2/XORDDOS", "CryptoCurrency:EC2/BitcoinTool.A"]
  mapped   = ["Recon:IAMUser/UserPermissions"]
}

resource "aws_cloudwatch_event_rule" "r" {
  event_pattern = jsonencode({
    source = ["aws.guardduty"]
    detail = { type = [{ prefix = "Recon:IAMUser/" }, "Impact:S3/ObjectDelete.Unusual"] }
  })
}

resource "aws_cloudwatch_event_rule" "heredoc" {
  event_pattern = <<-EOT
    {"source": ["aws.guardduty"], "detail": {"type": ["Recon:IAMUser/TorIPCaller", "Backdoor:EC2/XORDDOS"]}}
  EOT
}

resource "aws_cloudwatch_event_rule" "escaped" {
  event_pattern = "{\"source\":[\"aws.guardduty\"],\"detail\":{\"type\":[\"Backdoor:EC2/XORDDOS\",\"Recon:IAMUser/TorIPCaller\"]}}"
}

resource "aws_securityhub_automation_rule" "asff" {
  criteria {
    type {
      comparison = "EQUALS"
      value      = "TTPs/Discovery/Recon:IAMUser-UserPermissions"
    }
  }
}
