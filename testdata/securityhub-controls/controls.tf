# Each way Terraform names a Security Hub control, with retired ones
# (rules/data/controls.json) and current ones.

# Disabling a retired control in one standard: dead, harmless configuration.
resource "aws_securityhub_standards_control" "s3_4" {
  standards_control_arn = "arn:aws:securityhub:us-east-1:111122223333:control/aws-foundational-security-best-practices/v/1.0.0/S3.4" # want GDL009:warning
  control_status        = "DISABLED"
  disabled_reason       = "Default encryption covers it"
}

# A PCI DSS v3.2.1 control keeps that standard's own ID in its ARN: PCI.EC2.3
# was retired on 2021-08-27 (document history), read whole, not as EC2.3.
resource "aws_securityhub_standards_control" "pci_ec2_3" {
  standards_control_arn = "arn:aws:securityhub:us-east-1:111122223333:control/pci-dss/v/3.2.1/PCI.EC2.3" # want GDL009:warning "PCI.EC2.3 was retired by AWS on 2021-08-27"
  control_status        = "DISABLED"
  disabled_reason       = "Security groups are reviewed by hand"
}

resource "aws_securityhub_standards_control" "pci_ec2_2" {
  standards_control_arn = "arn:aws:securityhub:us-east-1:111122223333:control/pci-dss/v/3.2.1/PCI.EC2.2"
  control_status        = "DISABLED"
  disabled_reason       = "Default security groups are locked down elsewhere"
}

# Enabling one: it runs no checks.
resource "aws_securityhub_standards_control_association" "iam_20" {
  security_control_id = "IAM.20" # want GDL009:error
  standards_arn       = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
  association_status  = "ENABLED"
}

resource "aws_securityhub_standards_control_association" "iam_1" {
  security_control_id = "IAM.1"
  standards_arn       = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
  association_status  = "DISABLED"
  updated_reason      = "Not applicable"
}

resource "aws_securityhub_configuration_policy" "org" {
  name = "org"
  configuration_policy {
    service_enabled       = true
    enabled_standard_arns = ["arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"]
    security_controls_configuration {
      disabled_control_identifiers = ["IAM.1", "SNS.2", "EC2.10"] # want GDL009:warning
    }
  }
}

# An automation rule that suppresses findings of a control: it never fires.
resource "aws_securityhub_automation_rule" "suppress" {
  rule_name   = "suppress-cloudformation-1"
  rule_order  = 1
  description = "Suppress CloudFormation.1, which we do not need"
  actions {
    type = "FINDING_FIELDS_UPDATE"
    finding_fields_update {
      workflow {
        status = "SUPPRESSED"
      }
    }
  }
  criteria {
    compliance_security_control_id {
      comparison = "EQUALS"
      value      = "CloudFormation.1" # want GDL009:error
    }
    generator_id {
      comparison = "EQUALS"
      value      = "security-control/CodeBuild.5" # want GDL009:error
    }
  }
}

# S3.4 in a comment is a mention, not configuration: only a form only a
# control has is read there, as in security-control/S3.4. # want GDL009:note

# An EventBridge pattern in a heredoc is read with its keys: anything-but
# a retired control excludes nothing that exists (harmless), a match on one
# never fires.
resource "aws_cloudwatch_event_rule" "hub" {
  event_pattern = <<PATTERN
{
  "source": ["aws.securityhub"],
  "detail-type": ["Security Hub Findings - Imported"],
  "detail": {
    "findings": {
      "GeneratorId": [{"anything-but": ["security-control/S3.4"]}],
      "Compliance": {"SecurityControlId": ["EC2.29"]}
    }
  }
}
PATTERN
}
# want-7 GDL009:warning
# want-7 GDL009:error

locals {
  # A list whose name says it disables: a control's ARN there is disabled,
  # so a retired one is a warning. A bare ID under such a name is not read:
  # only the keys GDL009 knows make "SNS.2" a control.
  disabled_controls = [
    "arn:aws:securityhub:us-east-1:111122223333:control/aws-foundational-security-best-practices/v/1.0.0/SNS.2", # want GDL009:warning
    "IAM.1",
  ]
  disabled_ids = ["SNS.2"]
}

# An ignore directive silences GDL009 as any rule's, for this line or the next.
resource "aws_securityhub_standards_control_association" "kept" {
  # gdlint:ignore GDL009 -- kept until the audit that cites it closes
  security_control_id = "EC2.29"
  standards_arn       = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
  association_status  = "ENABLED"
}
