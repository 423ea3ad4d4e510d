# An excerpt of cloudposse/terraform-aws-security-hub at e420b2d,
# modules/control-disablements/main.tf: control ARNs built from a prefix.
# Pull request #65 removed the CIS v1.2.0 1.1 control from these lists;
# what is left names no retired control, so nothing is reported.
locals {
  control_prefix = "arn:${data.aws_partition.this.id}:securityhub:${data.aws_region.this.name}:${data.aws_caller_identity.this.account_id}:control"

  all_global_region_controls = [
    "${local.control_prefix}/aws-foundational-security-best-practices/v/1.0.0/Config.1",
    "${local.control_prefix}/aws-foundational-security-best-practices/v/1.0.0/IAM.1",
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/1.2",
    "${local.control_prefix}/cis-aws-foundations-benchmark/v/1.2.0/2.5",
  ]
}
