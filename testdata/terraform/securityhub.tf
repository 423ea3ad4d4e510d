resource "aws_securityhub_automation_rule" "suppress" {
  rule_name   = "suppress-old-recon"
  rule_order  = 1
  description = "日本語: 古い検出タイプ TTPs/Discovery/Recon:IAMUser-UserPermissions を抑制する" # want GDL001:note "update the text"
  criteria {
    type { # want GDL004
      comparison = "EQUALS"
      value      = "Software and Configuration Checks/PrivilegeEscalation:IAMUser.AdministrativePermissions" # want GDL001
    }
  }
  actions {
    type = "FINDING_FIELDS_UPDATE"
  }
}
