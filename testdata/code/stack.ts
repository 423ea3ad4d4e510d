import * as events from 'aws-cdk-lib/aws-events';

// CDK rule. ResourceConsumption:IAMUser/ComputeResources was dropped.  want GDL001:note
new events.Rule(this, 'GuardDuty', {
  eventPattern: {
    source: ['aws.guardduty'],
    detailType: ['GuardDuty Finding'],
    detail: { type: ["Behavior:IAMUser/InstanceLaunchUnusual", `CryptoCurrency:EC2/BitcoinTool.A`] }, // want GDL001 GDL001
  },
});
/* Multi-line comment:
   UnauthorizedAccess:IAMUser/UnusualASNCaller   want GDL001:note
*/
const url = "https://example.com/#/Recon:IAMUser/TorIPCaller"; // a URL with '//' and '#' inside a string
