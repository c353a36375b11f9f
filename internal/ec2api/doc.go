// Package ec2api serves the part of the Amazon EC2 API that manages VPC
// endpoints: DescribeVpcEndpoints and ModifyVpcEndpoint (the endpoint
// policy), in EC2's query protocol (SigV4 scope "ec2", form-encoded
// requests with "Name.N" lists, <item> lists and <Response><Errors> in
// replies), for the account that owns each endpoint. Every call is
// authorized by the one authorizer with ec2:* actions.
//
// It is level 4 (transport): it imports authn, access, vpce, queryapi,
// audit and apierr, never the server or storage directly.
package ec2api
