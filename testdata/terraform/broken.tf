# This file is half-written: it does not parse, and is still scanned as text.
resource "aws_cloudwatch_event_rule" "broken" {
  event_pattern = jsonencode({
    detail = { type = ["Backdoor:EC2/XORDDOS"] } # want GDL001
  # Recon:IAMUser/UserPermissions   want GDL001:note
