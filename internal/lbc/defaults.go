package lbc

// The controller's defaults for what lbo leaves out.

// ALBTargetGroupDefaults are the values the controller gives an ALB target
// group for each target group annotation it reads from the backend Service
// and the Ingress (pkg/ingress/model_build_target_group.go and the defaults
// in model_builder.go), for a target group of protocol (HTTP or HTTPS; ""
// is HTTP) and protocolVersion (HTTP1, HTTP2 or GRPC; "" is HTTP1): the
// health check goes to the traffic port with the target group's own
// protocol, path / (gRPC: /AWS.ALB/healthcheck) and success code 200 (gRPC:
// 12), every 15 seconds with a 5 second timeout (DefaultHealthCheckTiming),
// 2 probes either way; no
// target group attributes (AWS's own defaults stay).
//
// The controller reads each of these annotations from the Service first and
// the Ingress second, whole annotation by whole annotation, so a Service
// that carries all of them takes nothing from the Ingress: lbo writes them
// on the Services it makes, for the keys an Ingress of the LoadBalancer
// carries for another target group. An empty target-group-attributes is a
// map without keys to the controller, so it stands for no attributes.
func ALBTargetGroupDefaults(protocol, protocolVersion string) map[string]string {
	if protocol == "" {
		protocol = "HTTP"
	}
	if protocolVersion == "" {
		protocolVersion = "HTTP1"
	}
	path, codes := "/", "200"
	if protocolVersion == "GRPC" {
		path, codes = "/AWS.ALB/healthcheck", "12"
	}
	return map[string]string{
		IngressHealthCheck.Port:               TrafficPort,
		IngressHealthCheck.Protocol:           protocol,
		IngressHealthCheck.Path:               path,
		IngressHealthCheck.Interval:           EncodeInt(DefaultHealthCheckTiming[ALB].Interval),
		IngressHealthCheck.Timeout:            EncodeInt(DefaultHealthCheckTiming[ALB].Timeout),
		IngressHealthCheck.HealthyThreshold:   "2",
		IngressHealthCheck.UnhealthyThreshold: "2",
		IngressHealthCheck.SuccessCodes:       codes,
		IngressBackendProtocol:                protocol,
		IngressBackendProtocolVersion:         protocolVersion,
		IngressTargetGroupAttributes:          "",
	}
}
