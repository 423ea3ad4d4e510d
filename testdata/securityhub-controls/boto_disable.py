"""Disable Security Hub controls we do not need in every region."""
import boto3

# Controls by security control ID. S3.4 and EC2.29 are retired; the API
# answers with an error for them, and nothing else here names a control.
CONTROLS = [
    "IAM.1",
    "S3.4",  # want GDL009:error
    'EC2.29',  # want GDL009:error
]

VERSION = "S3.40"  # not a control: a different ID


def disable(region):
    hub = boto3.client("securityhub", region_name=region)
    hub.batch_update_standards_control_associations(
        StandardsControlAssociationUpdates=[
            {
                "SecurityControlId": c,
                "StandardsArn": "arn:aws:securityhub:%s::standards/aws-foundational-security-best-practices/v/1.0.0" % region,
                "AssociationStatus": "DISABLED",
                "UpdatedReason": "not needed",
            }
            for c in CONTROLS
        ]
    )
