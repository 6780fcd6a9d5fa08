package conformance

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// apiServer answers what yoke's Kubernetes client asks while a flight runs:
// discovery (legacy, which client-go falls back to) and GET of one object,
// with the API server's NotFound, Forbidden and Unauthorized statuses.
type apiServer struct {
	resources []APIResource
	objects   []map[string]any
	denials   []Denial
}

func startAPIServer(resources []APIResource, objects []map[string]any, denials []Denial) *httptest.Server {
	return httptest.NewServer(&apiServer{resources: resources, objects: objects, denials: denials})
}

func (s *apiServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		status(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "the conformance API server only serves GET")
		return
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case r.URL.Path == "/api":
		write(w, metav1.APIVersions{TypeMeta: metav1.TypeMeta{Kind: "APIVersions"}, Versions: []string{"v1"}})
	case r.URL.Path == "/apis":
		write(w, s.groups())
	case len(parts) == 2 && parts[0] == "api":
		write(w, s.resourceList("", parts[1]))
	case len(parts) == 3 && parts[0] == "apis":
		write(w, s.resourceList(parts[1], parts[2]))
	case parts[0] == "api":
		s.get(w, "", parts[1], parts[2:])
	case parts[0] == "apis" && len(parts) > 3:
		s.get(w, parts[1], parts[2], parts[3:])
	default:
		status(w, http.StatusNotFound, "NotFound", "the server could not find the requested resource")
	}
}

func (s *apiServer) groups() metav1.APIGroupList {
	list := metav1.APIGroupList{TypeMeta: metav1.TypeMeta{Kind: "APIGroupList", APIVersion: "v1"}}
	for _, r := range s.resources {
		if r.Group == "" {
			continue
		}
		gv := metav1.GroupVersionForDiscovery{GroupVersion: r.Group + "/" + r.Version, Version: r.Version}
		i := slices.IndexFunc(list.Groups, func(g metav1.APIGroup) bool { return g.Name == r.Group })
		if i < 0 {
			list.Groups = append(list.Groups, metav1.APIGroup{Name: r.Group, PreferredVersion: gv})
			i = len(list.Groups) - 1
		}
		if !slices.Contains(list.Groups[i].Versions, gv) {
			list.Groups[i].Versions = append(list.Groups[i].Versions, gv)
		}
	}
	return list
}

func (s *apiServer) resourceList(group, version string) metav1.APIResourceList {
	gv := version
	if group != "" {
		gv = group + "/" + version
	}
	list := metav1.APIResourceList{TypeMeta: metav1.TypeMeta{Kind: "APIResourceList", APIVersion: "v1"}, GroupVersion: gv}
	for _, r := range s.resources {
		if r.Group == group && r.Version == version {
			list.APIResources = append(list.APIResources, metav1.APIResource{
				Name: r.Resource, Namespaced: r.Namespaced, Kind: r.Kind, Verbs: []string{"get", "list", "watch"},
			})
		}
	}
	return list
}

// get serves .../namespaces/{ns}/{resource}/{name} and .../{resource}/{name}.
func (s *apiServer) get(w http.ResponseWriter, group, version string, rest []string) {
	var namespace, resource, name string
	switch {
	case len(rest) == 4 && rest[0] == "namespaces":
		namespace, resource, name = rest[1], rest[2], rest[3]
	case len(rest) == 2:
		resource, name = rest[0], rest[1]
	default:
		status(w, http.StatusNotFound, "NotFound", "the server could not find the requested resource")
		return
	}
	i := slices.IndexFunc(s.resources, func(r APIResource) bool {
		return r.Group == group && r.Version == version && r.Resource == resource
	})
	if i < 0 {
		status(w, http.StatusNotFound, "NotFound", "the server could not find the requested resource")
		return
	}
	kind := s.resources[i].Kind
	qualified := resource
	if group != "" {
		qualified = resource + "." + group
	}
	if d, ok := s.denied(namespace, group, kind, name); ok {
		switch d.As {
		case "unauthenticated":
			status(w, http.StatusUnauthorized, "Unauthorized", "Unauthorized")
		default:
			where := ""
			if namespace != "" {
				where = fmt.Sprintf(" in the namespace %q", namespace)
			}
			status(w, http.StatusForbidden, "Forbidden", fmt.Sprintf("%s %q is forbidden: User %q cannot get resource %q in API group %q%s",
				qualified, name, "system:serviceaccount:atc:atc", resource, group, where))
		}
		return
	}
	for _, o := range s.objects {
		if groupOf(o) == group && o["kind"] == kind && meta(o, "name") == name && meta(o, "namespace") == namespace {
			served := maps(o)
			served["apiVersion"] = strings.TrimPrefix(group+"/"+version, "/")
			write(w, served)
			return
		}
	}
	status(w, http.StatusNotFound, "NotFound", fmt.Sprintf("%s %q not found", qualified, name))
}

func (s *apiServer) denied(namespace, group, kind, name string) (Denial, bool) {
	gk := kind
	if group != "" {
		gk = kind + "." + group
	}
	for _, d := range s.denials {
		ns, rest, ok := strings.Cut(d.Matcher, "/")
		if !ok {
			ns, rest = "*", d.Matcher
		}
		dgk, dname, ok := strings.Cut(rest, ":")
		if !ok {
			dname = "*"
		}
		if d.Matcher == "*" || ((ns == "*" || ns == namespace) && (dgk == "*" || dgk == gk) && (dname == "*" || dname == name)) {
			return d, true
		}
	}
	return Denial{}, false
}

func groupOf(o map[string]any) string {
	group, _, ok := strings.Cut(fmt.Sprint(o["apiVersion"]), "/")
	if !ok {
		return ""
	}
	return group
}

func meta(o map[string]any, field string) string {
	m, _ := o["metadata"].(map[string]any)
	v, _ := m[field].(string)
	return v
}

func maps(o map[string]any) map[string]any {
	out := make(map[string]any, len(o))
	for k, v := range o {
		out[k] = v
	}
	return out
}

func write(w http.ResponseWriter, value any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(value)
}

func status(w http.ResponseWriter, code int, reason metav1.StatusReason, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(metav1.Status{
		TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"},
		Status:   metav1.StatusFailure, Message: message, Reason: reason, Code: int32(code),
	})
}
