resource "aws_guardduty_filter" "dead" {
  name        = "dead"
  detector_id = var.detector_id
  action      = "ARCHIVE"
  rank        = 1
  finding_criteria {
    criterion {
      field  = "type" # want GDL004
      equals = ["Backdoor:EC2/XORDDOS"] # want GDL001
    }
  }
}

resource "aws_guardduty_filter" "live" {
  name        = "live"
  detector_id = var.detector_id
  action      = "ARCHIVE"
  rank        = 2
  finding_criteria {
    criterion {
      field  = "type"
      equals = ["Backdoor:EC2/XORDDOS", "Recon:IAMUser/TorIPCaller"] # want GDL001
    }
    criterion {
      field      = "type"
      not_equals = ["UnauthorizedAccess:EC2/TorIPCaller"] # want GDL001:warning "excluded here, which is a no-op"
    }
  }
}

resource "aws_guardduty_filter" "unresolvable" {
  name        = "unresolvable"
  detector_id = var.detector_id
  action      = "NOOP"
  rank        = 3
  finding_criteria {
    criterion {
      field  = "type"
      equals = var.types
    }
  }
}

resource "aws_guardduty_filter" "typo" {
  name        = "typo"
  detector_id = var.detector_id
  action      = "NOOP"
  rank        = 4
  finding_criteria {
    criterion {
      field  = "type"
      equals = ["Recon:IAMUser/TorIPCaler"] # want GDL002
    }
  }
}

# Not a GuardDuty filter: no criterion block holds this field, so a type
# that is not GuardDuty's is not reported as unknown.
locals {
  ui_filter = {
    field  = "type"
    equals = ["Ticket:Jira/Bug"]
  }
}
