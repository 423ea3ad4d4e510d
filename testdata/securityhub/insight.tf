resource "aws_securityhub_insight" "cis" {
  name               = "CIS 1.2.0 failures"
  group_by_attribute = "ResourceId"

  filters {
    generator_id {
      comparison = "PREFIX"
      value      = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/" # want GDL007:warning "begins only pre-consolidation GeneratorIds"
    }
    product_fields {
      comparison = "EQUALS"
      key        = "StandardsGuideSubscriptionArn" # want GDL008:warning
      value      = "arn:aws:securityhub:us-east-1:111122223333:subscription/cis-aws-foundations-benchmark/v/1.2.0"
    }
    compliance_security_control_id {
      comparison = "EQUALS"
      value      = "IAM.9"
    }
  }
}
