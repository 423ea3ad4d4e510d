# Invented: a boto3 client for Inspector Classic, as the brief names it.
import boto3

classic = boto3.client('inspector')
runs = classic.list_assessment_runs()  # want GDL005
details = classic.describe_findings(findingArns=[])  # want GDL005
