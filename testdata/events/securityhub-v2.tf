# Security Hub V2 sends "Findings Imported V2" events, whose findings are
# OCSF; Security Hub CSPM sends "Security Hub Findings - Imported", whose
# findings are ASFF. A pattern written for one with the other's fields
# never matches.
resource "aws_cloudwatch_event_rule" "v2_with_asff" {
  event_pattern = jsonencode({
    source      = ["aws.securityhub"]
    detail-type = ["Findings Imported V2"]
    detail = {
      findings = {
        Severity = { Label = ["CRITICAL", "HIGH"] } # want GDL006:error "no \"Findings Imported V2\" event has a field \"Severity\".*OCSF's counterpart is severity"
        ProductFields = { # want GDL006:error "\"ProductFields\" is ASFF's"
          "aws/securityhub/ProductName" = ["GuardDuty"]
        }
        severity = ["Critical", "High"]
      }
    }
  })
}

resource "aws_cloudwatch_event_rule" "cspm_with_ocsf" {
  event_pattern = jsonencode({
    source      = ["aws.securityhub"]
    detail-type = ["Security Hub Findings - Imported"]
    detail = {
      findings = {
        metadata  = { product = { name = ["GuardDuty"] } } # want GDL006:error "\"metadata\" is OCSF's.*ASFF's counterpart is ProductName"
        class_uid = [2004]                                 # want GDL006:error "matches nothing; \"class_uid\" is OCSF's"
        Workflow  = { Status = ["NEW"] }
      }
    }
  })
}

# Either detail-type: a field one of them has is fine; one neither has is not.
resource "aws_cloudwatch_event_rule" "both" {
  event_pattern = jsonencode({
    source      = ["aws.securityhub"]
    detail-type = ["Security Hub Findings - Imported", "Findings Imported V2"]
    detail = {
      findings = {
        "$or" = [
          { SchemaVersion = ["2018-10-08"], ProductArn = [{ prefix = "arn:aws:securityhub" }] },
          { metadata = { product = { name = ["GuardDuty"] } }, severity_id = [5, 6] },
        ]
        Severty = { Label = ["HIGH"] } # want GDL006:error "\"Security Hub Findings - Imported\" or \"Findings Imported V2\" event has a field \"Severty\""
      }
    }
  })
}

# An alternative matches an event only if the event has every field it
# names: no event is both ASFF and OCSF.
resource "aws_cloudwatch_event_rule" "both_at_once" {
  event_pattern = jsonencode({
    source      = ["aws.securityhub"]
    detail-type = ["Security Hub Findings - Imported", "Findings Imported V2"]
    detail = {
      findings = {
        Severity = { Label = ["CRITICAL"] } # want GDL006:error "only \"Security Hub Findings - Imported\" events have a field \"Severity\""
        severity = ["Critical"]             # want GDL006:error "only \"Findings Imported V2\" events have"
      }
    }
  })
}

# Written with each schema's own fields: nothing to report. ProductFields
# and unmapped are free-form maps: what is under them is not judged.
resource "aws_cloudwatch_event_rule" "v2" {
  event_pattern = jsonencode({
    source      = ["aws.securityhub"]
    detail-type = ["Findings Imported V2"]
    detail = {
      findings = {
        severity    = ["Critical", "High"]
        finding_info = { types = [{ prefix = "TTPs" }] }
        unmapped    = { "Custom Field" = ["x"] }
        cloud       = { account = { uid = ["111122223333"] } }
      }
    }
  })
}

resource "aws_cloudwatch_event_rule" "cspm" {
  event_pattern = jsonencode({
    source      = ["aws.securityhub"]
    detail-type = ["Security Hub Findings - Custom Action"]
    detail = {
      actionName = ["send-to-ticketing"]
      findings = {
        Severity      = { Label = ["HIGH"] }
        ProductFields = { "aws/securityhub/ProductName" = ["GuardDuty"], anyKey = ["x"] }
        Note          = [{ exists = false }]
      }
    }
  })
}

# What gdlint cannot judge stays silent: a prefix on the detail-type, a
# source that is not Security Hub's.
resource "aws_cloudwatch_event_rule" "prefix" {
  event_pattern = jsonencode({
    source      = ["aws.securityhub"]
    detail-type = [{ prefix = "Findings Imported" }]
    detail      = { findings = { Severity = { Label = ["HIGH"] } } }
  })
}

resource "aws_cloudwatch_event_rule" "custom" {
  event_pattern = jsonencode({
    source      = ["com.example.hub"]
    detail-type = ["Findings Imported V2"]
    detail      = { findings = { Severity = { Label = ["HIGH"] } } }
  })
}
