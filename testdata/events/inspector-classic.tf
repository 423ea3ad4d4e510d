resource "aws_cloudwatch_event_rule" "inspector" {
  name        = "inspector-findings"
  description = "Inspector Classic findings (aws.inspector)"
  event_pattern = jsonencode({
    source      = ["aws.inspector"] # want GDL005:error "Inspector Classic's, which AWS ended on 2026-05-20.*aws.inspector2"
    detail-type = ["Inspector Assessment Run"]
  })
}

resource "aws_cloudwatch_event_rule" "security" {
  event_pattern = <<PATTERN
{
  "source": ["aws.guardduty", "aws.securityhub"],
  "detail-type": ["GuardDuty Finding", "Security Hub Findings"]
}
PATTERN
}
# want-4 GDL005:error "Security Hub sends; write .* or remove it"

resource "aws_cloudwatch_event_rule" "snake" {
  event_pattern = jsonencode({
    source      = ["aws.securityhub"]
    detail_type = ["Security Hub Findings - Imported"] # want GDL006:error "write \"detail-type\""
  })
}
