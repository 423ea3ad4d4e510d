# EventBridge rules that page on-call for GuardDuty findings.

resource "aws_cloudwatch_event_rule" "tor" {
  name = "guardduty-tor"
  event_pattern = jsonencode({
    source      = ["aws.guardduty"]
    detail-type = ["GuardDuty Finding"]
    detail = {
      type = [
        "UnauthorizedAccess:EC2/TorIPCaller", # want GDL001
        "UnauthorizedAccess:EC2/TorClient",
        "Recon:IAMUser/TorIPCaller",
      ]
    }
  })
}

resource "aws_cloudwatch_event_rule" "heredoc" {
  name          = "guardduty-heredoc"
  event_pattern = <<EOF
{
  "source": ["aws.guardduty"],
  "detail": {
    "type": ["Backdoor:EC2/XORDDOS", "CryptoCurrency:EC2/BitcoinTool.A"]
  }
}
EOF
  # want-4 GDL001 GDL001 GDL004
}

resource "aws_cloudwatch_event_rule" "indented" {
  name          = "guardduty-indented"
  event_pattern = <<-EOT
    {
      "detail": {"type": ["Recon:IAMUser/UserPermissions"]}
    }
  EOT
  # want-3 GDL001 GDL004
}

resource "aws_cloudwatch_event_rule" "escaped" {
  name          = "escaped"
  event_pattern = "{\"source\":[\"aws.guardduty\"],\"detail\":{\"type\":[\"Stealth:IAMUser/LoggingConfigurationModified\"]}}" # want GDL001 GDL004
}

# Near misses: none of these may fire.
locals {
  near_misses = [
    "UnauthorizedAccess:IAMUser/ConsoleLoginSuccess.B",
    "Recon:IAMUser/TorIPCaller",
    "CryptoCurrency:EC2/BitcoinTool.B!DNS",
    "CryptoCurrency:EC2/BitcoinTool.B",
    "Backdoor:EC2/XORDDOSX",
    "xBackdoor:EC2/XORDDOS",
    "UnauthorizedAccess:EC2/TorIPCaller2",
    "Impact:S3/ObjectDelete.Unusual.Extra",
  ]
}
