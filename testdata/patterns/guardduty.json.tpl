{
  "source": ["aws.guardduty"],
  "detail": {
    "type": ${jsonencode(concat(var.extra_types, ["Exfiltration:S3/ObjectRead.Unusual"]))}
  }
}
