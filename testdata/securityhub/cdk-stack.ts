import { Rule } from 'aws-cdk-lib/aws-events';

// An L2 Rule's pattern is code: the identifiers are read as string literals.
new Rule(this, 'FlowLogs', {
  eventPattern: {
    source: ['aws.securityhub'],
    detailType: ['Security Hub Findings - Imported'],
    detail: {
      findings: {
        GeneratorId: ['aws-foundational-security-best-practices/v/1.0.0/EC2.6'], // want GDL007:warning
        Compliance: { SecurityControlId: ['EC2.6'] },
      },
    },
  },
});
