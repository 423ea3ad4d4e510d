# Terraform patterns in each form: jsonencode, heredoc, escaped string.
resource "aws_cloudwatch_event_rule" "dead_jsonencode" {
  event_pattern = jsonencode({
    source = ["aws.guardduty"]
    detail = {
      type = [{ wildcard = "Recon:IAMUser/*Permissions" }] # want GDL003 GDL004
    }
  })
}

resource "aws_cloudwatch_event_rule" "live_jsonencode" {
  event_pattern = jsonencode({
    source = ["aws.guardduty"]
    detail = {
      type = [{ wildcard = "Recon:IAMUser/*" }]
    }
  })
}

resource "aws_cloudwatch_event_rule" "dead_heredoc_or" {
  event_pattern = <<-EOT
    {
      "source": ["aws.guardduty"],
      "$or": [
        {"detail": {"type": [{"prefix": "UnauthorizedAccess:EC2/TorIP"}]}},
        {"detail": {"type": ["Recon:IAMUser/UserPermissions"]}}
      ]
    }
  EOT
  # want-5 GDL003 GDL004
  # want-5 GDL001
}

resource "aws_cloudwatch_event_rule" "live_escaped" {
  event_pattern = "{\"source\":[\"aws.guardduty\"],\"detail\":{\"type\":[{\"prefix\":\"UnauthorizedAccess:EC2/Tor\"}]}}"
}

resource "aws_cloudwatch_event_rule" "dead_escaped" {
  event_pattern = "{\"source\":[\"aws.guardduty\"],\"detail\":{\"type\":[{\"prefix\":\"UnauthorizedAccess:EC2/TorIP\"}]}}" # want GDL003 GDL004
}

# Values known only at deployment: never dead.
resource "aws_cloudwatch_event_rule" "unresolvable" {
  event_pattern = jsonencode({
    source = ["aws.guardduty"]
    detail = {
      type = concat(var.extra_types, ["Backdoor:EC2/XORDDOS"]) # want GDL001
    }
  })
}

resource "aws_cloudwatch_event_rule" "unresolvable_item" {
  event_pattern = jsonencode({
    source = ["aws.guardduty"]
    detail = {
      type = [local.paged_type, "Backdoor:EC2/XORDDOS", "${var.prefix}:EC2/X"] # want GDL001
    }
  })
}
