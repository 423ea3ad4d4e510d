// aws-cdk #5703 (CDK 1.20), as the issue wrote it: an EventPattern object
// passed to a CfnRule. CDK 1.x put detailType in the template as it is
// (cdk-5703.template.json); since aws-cdk #36191 (2025-11-25) CfnRule
// writes detail-type for it. gdlint does not read patterns in code, and the
// CDK version decides, so the template is where it reports.
// https://github.com/aws/aws-cdk/issues/5703
 const cbEventPattern :EventPattern ={

      source: [
          'aws.codebuild'
      ],
      detail: {
          'build-status': [
              'FAILED'
          ],
          'project-name':' some value'
      },
      detailType: [
        'CodeBuild Build State Change'
    ],


  }
    const codeBuildRule = new CfnRule(this, 'CodeBuildCloudWatchEventsRule', {
      description: 'Code Build cloudwatch events rule',
      eventPattern: cbEventPattern,
      name: '',
      state: 'ENABLED'
  })
