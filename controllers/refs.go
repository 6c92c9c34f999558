package controllers

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"

	lbov1 "github.com/lbo-dev/lbo/api/v1alpha1"
	"github.com/lbo-dev/lbo/internal/expand"
	"github.com/lbo-dev/lbo/internal/lbc"
)

// refs is what resolveRefs found of the Services the target groups use.
type refs struct {
	// statuses are the target groups' statuses.
	statuses []lbov1.TargetGroupStatus
	// unusable say, for each target group whose existing Service the AWS
	// Load Balancer Controller cannot take targets from, which and why:
	// nothing that would forward to it is applied.
	unusable []string
	// services are the existing Services that have the port their target
	// group names, each once.
	services []*corev1.Service
}

// resolveRefsAsync starts resolveRefs and returns a function that waits for
// its answer; it may be called any number of times.
func (r *LoadBalancerReconciler) resolveRefsAsync(ctx context.Context, lb *lbov1.LoadBalancer) func() (refs, error) {
	type answer struct {
		refs refs
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		found, err := r.resolveRefs(ctx, lb)
		done <- answer{found, err}
	}()
	return sync.OnceValues(func() (refs, error) {
		a := <-done
		return a.refs, a.err
	})
}

// resolveRefs checks that each Service a target group names exists in lb's
// namespace with the port it names, and is one the AWS Load Balancer
// Controller can take targets from (lbc.CheckBackendService). It reads from
// the API server, not the cache: the cache holds only lbo's own Services,
// and a few reads per reconcile cost less than caching every Service of the
// cluster.
func (r *LoadBalancerReconciler) resolveRefs(ctx context.Context, lb *lbov1.LoadBalancer) (refs, error) {
	var found refs
	statuses := make([]lbov1.TargetGroupStatus, 0, len(lb.Spec.TargetGroups))
	targetType := string(lb.Spec.TargetTypeOrDefault())
	read := map[string]bool{}
	// Each Service is read once, however many target groups name it.
	type got struct {
		svc *corev1.Service
		err error
	}
	gets := map[string]got{}
	get := func(name string) (*corev1.Service, error) {
		if g, ok := gets[name]; ok {
			return g.svc, g.err
		}
		svc := &corev1.Service{}
		err := r.APIReader.Get(ctx, client.ObjectKey{Namespace: lb.Namespace, Name: name}, svc)
		gets[name] = got{svc, err}
		return svc, err
	}
	for i := range lb.Spec.TargetGroups {
		tg := &lb.Spec.TargetGroups[i]
		st := lbov1.TargetGroupStatus{Name: tg.Name, Service: expand.TargetGroupServiceName(lb, tg), Resolved: true}
		if tg.Existing != nil {
			st.ARN = tg.Existing.ARN
			if tg.Backend.Service != nil || tg.Backend.Selector != nil {
				st.Binding = expand.BindingName(lb, tg)
			}
		}
		if ref := tg.Backend.Service; ref != nil {
			svc, err := get(ref.Name)
			switch {
			case apierrors.IsNotFound(err):
				st.Resolved = false
				st.Message = fmt.Sprintf("Service %s/%s does not exist", lb.Namespace, ref.Name)
			case err != nil:
				return refs{}, fmt.Errorf("reading Service %s/%s of target group %s: %w", lb.Namespace, ref.Name, tg.Name, err)
			case !hasPort(svc, ref.Port):
				st.Resolved = false
				st.Message = fmt.Sprintf("Service %s/%s has no port %d (it has %s)", lb.Namespace, ref.Name, ref.Port, portList(svc))
			default:
				if err := lbc.CheckBackendService(targetType, svc.Spec.Type); err != nil {
					st.Resolved = false
					st.Message = fmt.Sprintf("Service %s/%s cannot be a backend: %v", lb.Namespace, ref.Name, err)
					found.unusable = append(found.unusable, fmt.Sprintf("target group %s (spec.targetGroups[%d].backend.service): %s", tg.Name, i, st.Message))
				} else if !read[ref.Name] {
					read[ref.Name] = true
					found.services = append(found.services, svc)
				}
			}
		}
		statuses = append(statuses, st)
	}
	found.statuses = statuses
	return found, nil
}

// serviceOverrides are the annotations of the existing Services in found
// that the AWS Load Balancer Controller uses over what lb declares for its
// target groups, given lb's Ingresses, and the target groups' statuses with
// each added to the message of its target group (a copy: found is shared).
func serviceOverrides(lb *lbov1.LoadBalancer, ingresses []*networkingv1.Ingress, found refs) ([]expand.ServiceOverride, []lbov1.TargetGroupStatus) {
	var all []expand.ServiceOverride
	for _, svc := range found.services {
		all = append(all, expand.ServiceOverrides(lb, ingresses, svc)...)
	}
	statuses := slices.Clone(found.statuses)
	for _, o := range all {
		for i := range statuses {
			if st := &statuses[i]; st.Name == o.TargetGroup {
				st.Message = strings.TrimPrefix(st.Message+"; "+o.Field.String()+": "+o.Message, "; ")
			}
		}
	}
	return all, statuses
}

func hasPort(svc *corev1.Service, port int32) bool {
	for _, p := range svc.Spec.Ports {
		if p.Port == port {
			return true
		}
	}
	return false
}

func portList(svc *corev1.Service) string {
	if len(svc.Spec.Ports) == 0 {
		return "none"
	}
	s := ""
	for i, p := range svc.Spec.Ports {
		if i > 0 {
			s += ", "
		}
		s += strconv.Itoa(int(p.Port))
	}
	return s
}
