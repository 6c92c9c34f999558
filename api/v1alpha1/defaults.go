package v1alpha1

// SchemeOrDefault is scheme, or internal, its default, when it is left out:
// in an object the API server has not defaulted (lbo render reads files).
func (s *LoadBalancerSpec) SchemeOrDefault() Scheme {
	if s.Scheme == "" {
		return SchemeInternal
	}
	return s.Scheme
}

// TargetTypeOrDefault is targetType, or ip, its default, when it is left
// out.
func (s *LoadBalancerSpec) TargetTypeOrDefault() TargetType {
	if s.TargetType == "" {
		return TargetTypeIP
	}
	return s.TargetType
}
