# Near misses: a standards control ARN (which aws_securityhub_standards_control
# still takes), a standards subscription and a standards ARN contain a
# standard's name but are no GeneratorId; both settings' GeneratorIds
# written side by side match under either setting.
resource "aws_securityhub_standards_control" "ec2_6" {
  standards_control_arn = "arn:aws:securityhub:us-east-1:111122223333:control/aws-foundational-security-best-practices/v/1.0.0/EC2.6"
  control_status        = "DISABLED"
  disabled_reason       = "Flow logs are collected centrally"
}

resource "aws_securityhub_standards_subscription" "cis" {
  standards_arn = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
}

resource "aws_securityhub_standards_subscription" "pci" {
  standards_arn = "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1"
}

resource "aws_cloudwatch_event_rule" "flow_logs" {
  event_pattern = jsonencode({
    source        = ["aws.securityhub"]
    "detail-type" = ["Security Hub Findings - Imported"]
    detail = {
      findings = {
        GeneratorId = ["aws-foundational-security-best-practices/v/1.0.0/EC2.6", "security-control/EC2.6"]
      }
    }
  })
}
