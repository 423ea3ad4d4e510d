# Written with what events carry today: nothing to report.
resource "aws_cloudwatch_event_rule" "hub" {
  description = "Was Security Hub Findings, and Macie Alert before Amazon Macie"
  event_pattern = jsonencode({
    source      = ["aws.securityhub"]
    detail-type = ["Security Hub Findings - Imported", "Security Hub Findings - Custom Action"]
  })
}

resource "aws_cloudwatch_event_rule" "macie" {
  event_pattern = jsonencode({
    source      = ["aws.macie"]
    detail-type = ["Macie Finding"]
  })
}

resource "aws_cloudwatch_event_rule" "inspector" {
  event_pattern = jsonencode({
    source      = ["aws.inspector2"]
    detail-type = ["Inspector2 Finding"]
    detail      = { status = ["ACTIVE"] }
  })
}

# Excluding a source matches everything else: it is not what GDL005 reads.
resource "aws_cloudwatch_event_rule" "not_inspector" {
  event_pattern = jsonencode({
    source      = [{ "anything-but" = ["aws.inspector"] }]
    detail-type = [{ prefix = "Security Hub Findings" }]
  })
}

# A module's source is no event pattern.
module "detailType" {
  source = "./modules/aws.inspector"
}
