"""A version table: short strings shaped like control IDs, in code that
does not name the AWS service, are not controls."""
RELEASES = ["S3.4", "EC2.29", "IAM.20"]
