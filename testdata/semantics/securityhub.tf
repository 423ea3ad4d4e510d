resource "aws_securityhub_automation_rule" "dead" {
  rule_name   = "dead"
  rule_order  = 1
  description = "suppress"
  criteria {
    type { # want GDL004
      comparison = "CONTAINS"
      value      = "XORDDOS" # want GDL003
    }
    type {
      comparison = "EQUALS"
      value      = "TTPs/Discovery/Recon:IAMUser-UserPermissions" # want GDL001
    }
  }
  actions {
    type = "FINDING_FIELDS_UPDATE"
  }
}

resource "aws_securityhub_automation_rule" "live" {
  rule_name   = "live"
  rule_order  = 2
  description = "suppress"
  criteria {
    type {
      comparison = "PREFIX"
      value      = "TTPs/Discovery/Recon:IAMUser-"
    }
    type {
      comparison = "NOT_EQUALS"
      value      = "TTPs/Discovery/Recon:IAMUser-NetworkPermissions" # want GDL001:warning
    }
    type {
      comparison = "EQUALS"
      value      = "TTPs/Discovery/Recon:IAMUser-UserPermisions" # want GDL002
    }
  }
  actions {
    type = "FINDING_FIELDS_UPDATE"
  }
}

resource "aws_securityhub_insight" "dead" {
  name               = "dead"
  group_by_attribute = "ResourceId"
  filters {
    type { # want GDL004
      comparison = "PREFIX"
      value      = "TTPs/Discovery/Recon:IAMUser-Net" # want GDL003
    }
  }
}

resource "aws_securityhub_insight" "not_guardduty" {
  name               = "other"
  group_by_attribute = "ResourceId"
  filters {
    type {
      comparison = "EQUALS"
      value      = "Software and Configuration Checks/Vulnerabilities/CVE"
    }
  }
}

resource "aws_securityhub_insight" "live_contains" {
  name               = "tor"
  group_by_attribute = "ResourceId"
  filters {
    type {
      comparison = "CONTAINS"
      value      = "TorIPCaller"
    }
  }
}
