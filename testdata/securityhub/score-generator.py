# Excerpt of aws-samples/aws-securityhub-score-generator, scoreGenerator.py
# at fafd1a36b2b2a41309206b6dfcf1e5961b32f1bd (#9: scores are empty once
# consolidated control findings are on): the control is read from
# ProductFields keys consolidated findings no longer have.
def build_standards_dict(finding, standardsDict):
    if any(x in json.dumps(finding) for x in ['Compliance', 'ProductFields']):
        if 'Compliance' in finding:
            status = finding['Compliance']['Status']
            prodField = finding['ProductFields']
            if (finding['RecordState'] == 'ACTIVE' and finding['Workflow']['Status'] != 'SUPPRESSED'):  # ignore disabled controls and suppressed findings
                control = None
                # get values, json differnt for controls...
                if 'StandardsArn' in prodField:  # for aws fun  # want GDL008:warning
                    control = prodField['StandardsArn']  # want GDL008:warning
                    rule = prodField['ControlId']  # want GDL008:warning "read Compliance.SecurityControlId instead"
                elif 'StandardsGuideArn' in prodField:  # for cis fun  # want GDL008:warning
                    control = prodField['StandardsGuideArn']  # want GDL008:warning
                    rule = prodField['RuleId']  # want GDL008:warning
    return standardsDict
