import { Rule } from 'aws-cdk-lib/aws-events';

// CDK's L2 Rule writes detail-type for detailType: this is right.
new Rule(this, 'Hub', {
  eventPattern: {
    source: ['aws.securityhub'],
    detailType: ['Security Hub Findings - Imported'],
  },
});
