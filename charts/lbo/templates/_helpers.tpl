{{/* lbo.name is the chart's name, or nameOverride. */}}
{{- define "lbo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
lbo.fullname prefixes the objects' names: the release's name when it contains
the chart's, so that release "lbo" gives the names of config/default
(lbo-controller-manager, lbo-manager-role, ...), else <release>-lbo.
*/}}
{{- define "lbo.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* lbo.labels are on every object of the release. */}}
{{- define "lbo.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "lbo.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* lbo.selectorLabels select the manager's pods. */}}
{{- define "lbo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "lbo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* lbo.serviceAccountName is the manager's ServiceAccount. */}}
{{- define "lbo.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (printf "%s-controller-manager" (include "lbo.fullname" .)) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name must name an existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* lbo.image is the manager's image; its tag defaults to the appVersion. */}}
{{- define "lbo.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
