// A suppression rule that archives findings nobody will ever see again.
resource "aws_guardduty_filter" "suppress_recon" {
  name        = "suppress-recon"
  detector_id = aws_guardduty_detector.main.id
  action      = "ARCHIVE"
  rank        = 1

  finding_criteria {
    criterion {
      field  = "type" # want GDL004
      equals = ["Recon:IAMUser/NetworkPermissions", "Recon:IAMUser/ResourcePermissions"] # want GDL001 GDL001
    }
    criterion {
      field      = "type"
      not_equals = ["Persistence:IAMUser/UserPermissions"] # want GDL001
    }
  }
}

/*
 * Migrated from Impact:S3/PermissionsModification.Unusual in 2021.   want GDL001:note
 */
resource "aws_guardduty_filter" "live" {
  name        = "live"
  detector_id = aws_guardduty_detector.main.id
  action      = "NOOP"
  rank        = 2
  finding_criteria {
    criterion {
      field  = "type"
      equals = ["UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B"]
    }
  }
}
