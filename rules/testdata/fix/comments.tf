# Removing an element takes the comment on its line with it, and leaves
# every kept element's comment on its own line.
resource "aws_cloudwatch_event_rule" "last" {
  event_pattern = jsonencode({
    source = ["aws.guardduty"]
    detail = {
      type = [
        "Recon:IAMUser/MaliciousIPCaller", # live
        "UnauthorizedAccess:EC2/TorIPCaller", # retired
      ]
    }
  })
}

resource "aws_cloudwatch_event_rule" "last_no_trailing_comma" {
  event_pattern = jsonencode({
    source = ["aws.guardduty"]
    detail = {
      type = [
        "Recon:IAMUser/MaliciousIPCaller", // live
        "Backdoor:EC2/XORDDOS", // retired
        "UnauthorizedAccess:EC2/TorIPCaller" /* retired too */
      ]
    }
  })
}

resource "aws_cloudwatch_event_rule" "first_and_middle" {
  event_pattern = jsonencode({
    source = ["aws.guardduty"]
    detail = {
      type = [
        # the Tor family
        "UnauthorizedAccess:EC2/TorIPCaller", # retired
        "UnauthorizedAccess:EC2/TorClient",   # live
        "Backdoor:EC2/XORDDOS",               /* retired */
        # and one more
        "UnauthorizedAccess:EC2/TorRelay",    # live
      ]
    }
  })
}

resource "aws_guardduty_filter" "closing_bracket_on_last_line" {
  detector_id = "d"
  name        = "f"
  action      = "ARCHIVE"
  rank        = 1
  finding_criteria {
    criterion {
      field = "type"
      equals = [
        "Recon:IAMUser/MaliciousIPCaller", # live
        "Backdoor:EC2/XORDDOS"]
    }
  }
}
