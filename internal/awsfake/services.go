package awsfake

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// --- Elastic Load Balancing v2 ---

type xmlLoadBalancer struct {
	LoadBalancerArn       string
	DNSName               string
	CanonicalHostedZoneId string
	CreatedTime           string
	LoadBalancerName      string
	Scheme                string
	VpcId                 string
	State                 struct {
		Code   string
		Reason string `xml:",omitempty"`
	}
	Type          string
	IpAddressType string
}

type xmlTags struct {
	ResourceArn string
	Tags        members[xmlTag]
}

type xmlTag struct {
	Key, Value string
}

type xmlListener struct {
	ListenerArn     string
	LoadBalancerArn string
	Port            int32
	Protocol        string
}

type xmlTargetGroup struct {
	TargetGroupArn   string
	TargetGroupName  string
	Protocol         string
	Port             int32
	TargetType       string
	LoadBalancerArns members[string]
}

type xmlTargetHealthDescription struct {
	Target struct {
		Id   string
		Port int32
	}
	HealthCheckPort string
	TargetHealth    struct {
		State       string
		Reason      string `xml:",omitempty"`
		Description string `xml:",omitempty"`
	}
}

func (s *Server) elbv2(q *query) {
	switch q.action {
	case "DescribeLoadBalancers":
		s.describeLoadBalancers(q)
	case "DescribeTags":
		var out struct {
			TagDescriptions members[xmlTags]
		}
		for _, arn := range q.list("ResourceArns") {
			tags, ok := s.tagsOf(arn)
			if !ok {
				code := "TargetGroupNotFound"
				if strings.Contains(arn, ":loadbalancer/") {
					code = "LoadBalancerNotFound"
				}
				q.fail(code, "One or more resources not found: '"+arn+"'")
				return
			}
			d := xmlTags{ResourceArn: arn}
			for _, k := range sortedKeys(tags) {
				d.Tags.Member = append(d.Tags.Member, xmlTag{Key: k, Value: tags[k]})
			}
			out.TagDescriptions.Member = append(out.TagDescriptions.Member, d)
		}
		q.ok(out)
	case "DescribeListeners":
		lb, ok := s.loadBalancer(q.params.Get("LoadBalancerArn"))
		if !ok {
			q.fail("LoadBalancerNotFound", "One or more load balancers not found")
			return
		}
		var out struct {
			Listeners members[xmlListener]
		}
		for _, l := range lb.Listeners {
			out.Listeners.Member = append(out.Listeners.Member, xmlListener{ListenerArn: l.ARN, LoadBalancerArn: lb.ARN, Port: l.Port, Protocol: l.Protocol})
		}
		q.ok(out)
	case "DescribeTargetGroups":
		lb, ok := s.loadBalancer(q.params.Get("LoadBalancerArn"))
		if !ok {
			q.fail("LoadBalancerNotFound", "One or more load balancers not found")
			return
		}
		var out struct {
			TargetGroups members[xmlTargetGroup]
		}
		for _, tg := range lb.TargetGroups {
			x := xmlTargetGroup{TargetGroupArn: tg.ARN, TargetGroupName: tg.Name, Protocol: tg.Protocol, Port: tg.Port, TargetType: "ip"}
			x.LoadBalancerArns.Member = []string{lb.ARN}
			out.TargetGroups.Member = append(out.TargetGroups.Member, x)
		}
		q.ok(out)
	case "DescribeTargetHealth":
		arn := q.params.Get("TargetGroupArn")
		for _, lb := range s.state.LoadBalancers {
			for _, tg := range lb.TargetGroups {
				if tg.ARN != arn {
					continue
				}
				var out struct {
					TargetHealthDescriptions members[xmlTargetHealthDescription]
				}
				for _, t := range tg.Targets {
					var d xmlTargetHealthDescription
					d.Target.Id, d.Target.Port = t.ID, t.Port
					d.HealthCheckPort = strconv.Itoa(int(t.Port))
					d.TargetHealth.State, d.TargetHealth.Reason, d.TargetHealth.Description = t.State, t.Reason, t.Description
					out.TargetHealthDescriptions.Member = append(out.TargetHealthDescriptions.Member, d)
				}
				q.ok(out)
				return
			}
		}
		q.fail("TargetGroupNotFound", "One or more target groups not found")
	default:
		q.fail("InvalidAction", "the fake does not serve "+q.action)
	}
}

func (s *Server) describeLoadBalancers(q *query) {
	lbs := s.state.LoadBalancers
	if arns := q.list("LoadBalancerArns"); len(arns) > 0 {
		lbs = nil
		for _, arn := range arns {
			lb, ok := s.loadBalancer(arn)
			if !ok {
				q.fail("LoadBalancerNotFound", "One or more load balancers not found")
				return
			}
			lbs = append(lbs, lb)
		}
	}
	start := 0
	if m := q.params.Get("Marker"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n > len(lbs) {
			q.fail("ValidationError", "invalid Marker")
			return
		}
		start = n
	}
	size := 400
	if p, err := strconv.Atoi(q.params.Get("PageSize")); err == nil && p > 0 {
		size = p
	}
	if s.state.PageSize > 0 {
		size = min(size, s.state.PageSize)
	}
	end := min(start+size, len(lbs))
	var out struct {
		LoadBalancers members[xmlLoadBalancer]
		NextMarker    string `xml:",omitempty"`
	}
	for _, lb := range lbs[start:end] {
		x := xmlLoadBalancer{
			LoadBalancerArn: lb.ARN, DNSName: lb.DNSName, CanonicalHostedZoneId: lb.CanonicalHostedZoneID,
			CreatedTime: "2025-01-16T11:39:19.120Z", LoadBalancerName: lb.Name, Scheme: lb.Scheme,
			VpcId: "vpc-0123456789abcdef0", Type: lb.Type, IpAddressType: "ipv4",
		}
		x.State.Code, x.State.Reason = lb.State, lb.StateReason
		out.LoadBalancers.Member = append(out.LoadBalancers.Member, x)
	}
	if end < len(lbs) {
		out.NextMarker = strconv.Itoa(end)
	}
	q.ok(out)
}

func (s *Server) loadBalancer(arn string) (LoadBalancer, bool) {
	for _, lb := range s.state.LoadBalancers {
		if lb.ARN == arn {
			return lb, true
		}
	}
	return LoadBalancer{}, false
}

func (s *Server) tagsOf(arn string) (map[string]string, bool) {
	for _, lb := range s.state.LoadBalancers {
		if lb.ARN == arn {
			return lb.Tags, true
		}
		for _, tg := range lb.TargetGroups {
			if tg.ARN == arn {
				return tg.Tags, true
			}
		}
	}
	return nil, false
}

// --- IAM ---

type xmlPolicy struct {
	PolicyName       string
	PolicyId         string
	Arn              string
	Path             string
	DefaultVersionId string
	AttachmentCount  int
	IsAttachable     bool
}

type xmlRole struct {
	Path                     string
	RoleName                 string
	RoleId                   string
	Arn                      string
	CreateDate               string
	AssumeRolePolicyDocument string
}

type xmlAttachedPolicy struct {
	PolicyName, PolicyArn string
}

func (s *Server) iam(q *query) {
	switch q.action {
	case "ListOpenIDConnectProviders":
		var out struct {
			OpenIDConnectProviderList members[struct{ Arn string }]
		}
		for _, arn := range s.state.OIDCProviders {
			out.OpenIDConnectProviderList.Member = append(out.OpenIDConnectProviderList.Member, struct{ Arn string }{arn})
		}
		q.ok(out)
	case "GetPolicy":
		arn := q.params.Get("PolicyArn")
		for _, p := range s.state.Policies {
			if p.ARN == arn {
				q.ok(struct{ Policy xmlPolicy }{xmlPolicy{
					PolicyName: p.Name, PolicyId: "ANPA" + strings.ToUpper(p.Name[:min(8, len(p.Name))]), Arn: p.ARN, Path: "/",
					DefaultVersionId: "v1", AttachmentCount: s.attachments(p.ARN), IsAttachable: true,
				}})
				return
			}
		}
		q.fail("NoSuchEntity", "Policy "+arn+" was not found.")
	case "GetRole":
		r, ok := s.role(q.params.Get("RoleName"))
		if !ok {
			q.fail("NoSuchEntity", "The role with name "+q.params.Get("RoleName")+" cannot be found.")
			return
		}
		// IAM answers the trust policy URL-encoded.
		q.ok(struct{ Role xmlRole }{xmlRole{
			Path: "/", RoleName: r.Name, RoleId: "AROA" + strings.ToUpper(r.Name[:min(8, len(r.Name))]), Arn: r.ARN,
			CreateDate: "2025-01-16T11:39:19Z", AssumeRolePolicyDocument: url.PathEscape(r.TrustPolicy),
		}})
	case "ListAttachedRolePolicies":
		r, ok := s.role(q.params.Get("RoleName"))
		if !ok {
			q.fail("NoSuchEntity", "The role with name "+q.params.Get("RoleName")+" cannot be found.")
			return
		}
		var out struct {
			AttachedPolicies members[xmlAttachedPolicy]
			IsTruncated      bool
		}
		for _, arn := range r.Attached {
			out.AttachedPolicies.Member = append(out.AttachedPolicies.Member, xmlAttachedPolicy{PolicyName: arn[strings.LastIndex(arn, "/")+1:], PolicyArn: arn})
		}
		q.ok(out)
	case "SimulatePrincipalPolicy":
		// The role's attached policies decide: allowed when one allows the
		// action, an implicit deny otherwise (conditions are not evaluated).
		var role *Role
		for i, r := range s.state.Roles {
			if r.ARN == q.params.Get("PolicySourceArn") {
				role = &s.state.Roles[i]
			}
		}
		if role == nil {
			q.fail("NoSuchEntity", "The role "+q.params.Get("PolicySourceArn")+" cannot be found.")
			return
		}
		var out struct {
			EvaluationResults members[struct{ EvalActionName, EvalDecision string }]
			IsTruncated       bool
		}
		for i := 1; q.params.Has(fmt.Sprintf("ActionNames.member.%d", i)); i++ {
			action := q.params.Get(fmt.Sprintf("ActionNames.member.%d", i))
			decision := "implicitDeny"
			for _, p := range s.state.Policies {
				if slices.Contains(role.Attached, p.ARN) && slices.ContainsFunc(p.Allows, func(a string) bool {
					prefix, wild := strings.CutSuffix(a, "*")
					return a == action || wild && strings.HasPrefix(action, prefix)
				}) {
					decision = "allowed"
				}
			}
			out.EvaluationResults.Member = append(out.EvaluationResults.Member, struct{ EvalActionName, EvalDecision string }{action, decision})
		}
		q.ok(out)
	default:
		q.fail("InvalidAction", "the fake does not serve "+q.action)
	}
}

func (s *Server) role(name string) (Role, bool) {
	for _, r := range s.state.Roles {
		if r.Name == name {
			return r, true
		}
	}
	return Role{}, false
}

func (s *Server) attachments(policyARN string) int {
	n := 0
	for _, r := range s.state.Roles {
		if slices.Contains(r.Attached, policyARN) {
			n++
		}
	}
	return n
}

// --- EC2 ---

type xmlSubnet struct {
	SubnetID                string `xml:"subnetId"`
	State                   string `xml:"state"`
	VpcID                   string `xml:"vpcId"`
	CidrBlock               string `xml:"cidrBlock"`
	AvailableIPAddressCount int    `xml:"availableIpAddressCount"`
	AvailabilityZone        string `xml:"availabilityZone"`
	DefaultForAz            bool   `xml:"defaultForAz"`
	MapPublicIPOnLaunch     bool   `xml:"mapPublicIpOnLaunch"`
	TagSet                  items[struct {
		Key   string `xml:"key"`
		Value string `xml:"value"`
	}] `xml:"tagSet"`
}

func (s *Server) ec2(q *query) {
	if q.action != "DescribeSubnets" {
		q.fail("InvalidAction", "the fake does not serve "+q.action)
		return
	}
	// Filters: Filter.N.Name and Filter.N.Value.M; vpc-id, subnet-id and
	// tag-key are served.
	filters := map[string][]string{}
	for i := 1; ; i++ {
		name := q.params.Get("Filter." + strconv.Itoa(i) + ".Name")
		if name == "" {
			break
		}
		filters[name] = q.list("Filter." + strconv.Itoa(i) + ".Value")
	}
	ids := q.list("SubnetId")
	var out struct {
		SubnetSet items[xmlSubnet] `xml:"subnetSet"`
	}
	for _, sn := range s.state.Subnets {
		if len(ids) > 0 && !slices.Contains(ids, sn.ID) {
			continue
		}
		if v, ok := filters["vpc-id"]; ok && !slices.Contains(v, sn.VPCID) {
			continue
		}
		if v, ok := filters["subnet-id"]; ok && !slices.Contains(v, sn.ID) {
			continue
		}
		if v, ok := filters["tag-key"]; ok && !slices.ContainsFunc(v, func(k string) bool { _, ok := sn.Tags[k]; return ok }) {
			continue
		}
		x := xmlSubnet{SubnetID: sn.ID, State: "available", VpcID: sn.VPCID, CidrBlock: "10.0.0.0/24", AvailableIPAddressCount: 250, AvailabilityZone: sn.AvailabilityZone}
		for _, k := range sortedKeys(sn.Tags) {
			x.TagSet.Item = append(x.TagSet.Item, struct {
				Key   string `xml:"key"`
				Value string `xml:"value"`
			}{k, sn.Tags[k]})
		}
		out.SubnetSet.Item = append(out.SubnetSet.Item, x)
	}
	q.ok(out)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
