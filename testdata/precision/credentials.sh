#!/bin/bash
# Patterned on a public credentials script: a \" outside quotes, quotes
# nested in $(...) inside quotes, and a heredoc with an apostrophe.
echo \"quoted\" without a string
ROLE="$(aws sts get-caller-identity --query "Arn" --output text)"
NAME="$(echo "it's $ROLE")"
cat <<EOF > notes.txt
It's a heredoc: "Backdoor:EC2/XORDDOS" here is data # want GDL001:error
EOF
cat <<-'END'
	don't stop at the tab-indented END below
	END
# Recon:IAMUser/UserPermissions is retired   want GDL001:note "update the comment"
aws guardduty list-findings --finding-criteria "{\"Criterion\":{\"type\":{\"Eq\":[\"Stealth:IAMUser/LoggingConfigurationModified\"]}}}" # want GDL001:error
