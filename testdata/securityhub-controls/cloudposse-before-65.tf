# An excerpt of cloudposse/terraform-aws-security-hub at c38de78 (the
# parent of e1e58e5, pull request #65), modules/control-disablements/main.tf.
# Its output feeds awsutils_security_hub_control_disablement, which errored
# out on the CIS v1.2.0 1.1 control ARN: 1.1 is IAM.20 ("Avoid the use of
# the root user"), retired by AWS on 2024-04-10. #65 removed that line
# (cloudposse-current.tf is what is left).
data "aws_partition" "this" {}
data "aws_caller_identity" "this" {}
data "aws_region" "this" {}

locals {
  control_prefix = "arn:${data.aws_partition.this.id}:securityhub:${data.aws_region.this.name}:${data.aws_caller_identity.this.account_id}:control"

  all_cloudtrail_controls = [
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/1.1", # want GDL009
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/2.7",
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/3.1",
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/3.2",
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/3.3",
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/3.4",
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/3.5",
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/3.6",
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/3.7",
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/3.8",
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/3.9",
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/3.10",
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/3.11",
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/3.12",
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/3.13",
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/3.14",
  ]
}
