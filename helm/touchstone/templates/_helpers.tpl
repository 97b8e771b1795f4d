{{/*
Expand the name of the chart.
*/}}
{{- define "touchstone.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "touchstone.fullname" -}}
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

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "touchstone.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels
*/}}
{{- define "touchstone.labels" -}}
helm.sh/chart: {{ include "touchstone.chart" . }}
{{ include "touchstone.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels
*/}}
{{- define "touchstone.selectorLabels" -}}
app.kubernetes.io/name: {{ include "touchstone.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "touchstone.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "touchstone.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Container image reference (digest wins over tag).
*/}}
{{- define "touchstone.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/*
Name of the Secret rendered by this chart for inline credentials.
*/}}
{{- define "touchstone.secretName" -}}
{{- include "touchstone.fullname" . }}
{{- end }}

{{/*
"true" when the database credentials come from inline values (chart-managed Secret).
*/}}
{{- define "touchstone.inlineDatabaseCredentials" -}}
{{- if not .Values.database.existingSecret }}true{{ end }}
{{- end }}

{{/*
"true" when S3 storage is used and its credentials come from inline values.
*/}}
{{- define "touchstone.inlineS3Credentials" -}}
{{- if and (eq .Values.storage.type "s3") (not .Values.storage.s3.existingSecret) }}true{{ end }}
{{- end }}

{{/*
"true" when the chart renders its own Secret.
*/}}
{{- define "touchstone.createSecret" -}}
{{- if or (include "touchstone.inlineDatabaseCredentials" .) (include "touchstone.inlineS3Credentials" .) }}true{{ end }}
{{- end }}

{{/*
Validates the values and fails rendering with a clear message.
*/}}
{{- define "touchstone.validate" -}}
{{- $_ := required "database.url is required: the JDBC URL of the external PostgreSQL database, e.g. --set database.url=jdbc:postgresql://db.example.internal:5432/touchstone (this chart never uses the embedded database)" .Values.database.url }}
{{- if not (hasPrefix "jdbc:postgresql:" .Values.database.url) }}
{{- fail (printf "database.url must be a PostgreSQL JDBC URL starting with jdbc:postgresql: (got %q)" .Values.database.url) }}
{{- end }}
{{- if include "touchstone.inlineDatabaseCredentials" . }}
{{- $_ := required "database.existingSecret is required (a Secret with the keys database.usernameKey/database.passwordKey), or set database.username and database.password" .Values.database.username }}
{{- $_ := required "database.password is required when database.existingSecret is not set" .Values.database.password }}
{{- end }}
{{- if not (has .Values.storage.type (list "filesystem" "s3")) }}
{{- fail (printf "storage.type must be filesystem or s3 (got %q)" .Values.storage.type) }}
{{- end }}
{{- if eq .Values.storage.type "s3" }}
{{- $_ := required "storage.s3.bucket is required when storage.type is s3" .Values.storage.s3.bucket }}
{{- if include "touchstone.inlineS3Credentials" . }}
{{- $_ := required "storage.s3.existingSecret is required when storage.type is s3 (a Secret with the keys storage.s3.accessKeyKey/storage.s3.secretKeyKey), or set storage.s3.accessKey and storage.s3.secretKey" .Values.storage.s3.accessKey }}
{{- $_ := required "storage.s3.secretKey is required when storage.s3.existingSecret is not set" .Values.storage.s3.secretKey }}
{{- end }}
{{- end }}
{{- if not (has (toString .Values.app.logFormat) (list "plain" "ecs" "logstash")) }}
{{- fail (printf "app.logFormat must be plain, ecs or logstash (got %q)" (toString .Values.app.logFormat)) }}
{{- end }}
{{- end }}

{{/*
Number of replicas the Deployment runs at least.
*/}}
{{- define "touchstone.minReplicas" -}}
{{- if .Values.autoscaling.enabled }}{{ .Values.autoscaling.minReplicas | int }}{{ else }}{{ .Values.replicaCount | int }}{{ end }}
{{- end }}
