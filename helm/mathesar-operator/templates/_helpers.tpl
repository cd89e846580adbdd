{{/*
Chart name, possibly overridden.
*/}}
{{- define "mathesar-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Prefix of every object name: the release name, plus the chart name unless the release name has it.
*/}}
{{- define "mathesar-operator.fullname" -}}
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

{{- define "mathesar-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels on every object.
*/}}
{{- define "mathesar-operator.labels" -}}
helm.sh/chart: {{ include "mathesar-operator.chart" . }}
{{ include "mathesar-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: mathesar-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Labels that select the operator pods; never change them (Deployment selectors are immutable).
*/}}
{{- define "mathesar-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mathesar-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "mathesar-operator.serviceAccountName" -}}
{{- include "mathesar-operator.fullname" . }}
{{- end }}

{{- define "mathesar-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
Name of the Lease used for leader election: one per release, so two releases in one namespace
(say, one per team with different watchNamespaces) do not block each other.
*/}}
{{- define "mathesar-operator.leaseName" -}}
{{- printf "%s-lock" (include "mathesar-operator.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
What the operator may do in the namespaces it watches: in a ClusterRole when it watches all
namespaces, in a Role per namespace otherwise. Least privilege: no wildcard, no "deletecollection",
and only the verbs the operator's code paths use. Cluster-scoped rules (CRDs) and the leader
election Lease are granted separately (rbac.yaml, leader-election-rbac.yaml).
*/}}
{{- define "mathesar-operator.namespacedRules" -}}
# The primary resource: informer (get/list/watch); "patch"/"update" to add and remove the
# operator's finalizer (deletion policy) and annotations. The spec itself is the user's.
- apiGroups: ["mathesar.org"]
  resources: ["mathesars"]
  verbs: ["get", "list", "watch", "patch", "update"]
# status.conditions, phase, url, observedGeneration: written only through the status subresource.
- apiGroups: ["mathesar.org"]
  resources: ["mathesars/status"]
  verbs: ["get", "patch", "update"]
# Needed to set ownerReferences with blockOwnerDeletion=true on the objects it creates when the
# OwnerReferencesPermissionEnforcement admission plugin is on.
- apiGroups: ["mathesar.org"]
  resources: ["mathesars/finalizers"]
  verbs: ["update"]
# MathesarDatabase: connected databases, kept through each instance's RPC API. "patch"/"update"
# for the finalizer that disconnects the database on deletion; the status through its subresource.
- apiGroups: ["mathesar.org"]
  resources: ["mathesardatabases"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["mathesar.org"]
  resources: ["mathesardatabases/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["mathesar.org"]
  resources: ["mathesardatabases/finalizers"]
  verbs: ["update"]
# MathesarBackup: one-shot backups, also read by an instance restored from one. "patch"/"update" for
# the finalizer that removes the files of one with deletionPolicy Delete; "create" for the backups
# an instance takes of itself (before each version change, on spec.backup.schedule), "delete" for
# the scheduled ones past spec.backup.keep; the status through its subresource; "update" on
# finalizers for the blockOwnerDeletion of the Jobs it owns.
- apiGroups: ["mathesar.org"]
  resources: ["mathesarbackups"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["mathesar.org"]
  resources: ["mathesarbackups/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["mathesar.org"]
  resources: ["mathesarbackups/finalizers"]
  verbs: ["update"]
# A backup Job's pod: its container's termination message holds the sizes it wrote, or why it failed.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list"]
# One Deployment per instance (Mathesar's pods): informer + server-side apply; "delete" when an
# instance no longer needs it.
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "patch"]
# services: one per instance. persistentvolumeclaims: the media volume. secrets: the generated
# SECRET_KEY and admin Secrets (created once, never overwritten), and reading the database
# credentials Secrets that instances reference (watched, so changed passwords roll the pods).
# Everything is written with server-side apply or a patch, and never deleted by the operator: what
# goes with a Mathesar resource goes through garbage collection (owner references).
- apiGroups: [""]
  resources: ["services", "persistentvolumeclaims", "secrets"]
  verbs: ["get", "list", "watch", "create", "patch"]
# The one Secret the operator deletes itself: the keys Secret of a MathesarBackup with deletionPolicy
# Delete (a scheduled one past spec.backup.keep), once its files are gone, and only the one that
# backup made (checked by its mathesar.org/backup-uid annotation).
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["delete"]
# Mathesar's database migrations and the first admin run as Jobs, deleted once they succeeded.
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
# Events on Mathesar resources (kubectl describe); never read back.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
# A CloudNativePG-managed database (spec.database.cloudNativePG): the Cluster (watched, applied, its
# owner reference released under deletionPolicy Retain) and the pre-upgrade Backups (made and read).
- apiGroups: ["postgresql.cnpg.io"]
  resources: ["clusters"]
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: ["postgresql.cnpg.io"]
  resources: ["backups"]
  verbs: ["get", "create"]
# ConfigMaps named by spec.env (configMapKeyRef) or spec.envFrom: watched so that a change rolls the pods.
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch"]
# The web pods' PodDisruptionBudget (more than one replica, or spec.podDisruptionBudget.enabled); deleted
# when no longer wanted.
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
# An Ingress per instance that asks for one (spec.ingress), and a NetworkPolicy per instance that
# asks for one (spec.networkPolicy); each is deleted when turned off.
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses", "networkpolicies"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
# A Gateway API HTTPRoute per instance that asks for one (spec.httpRoute), watched once the Gateway
# API's CRD exists; deleted when turned off.
- apiGroups: ["gateway.networking.k8s.io"]
  resources: ["httproutes"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
{{- end }}

{{/*
Read-only access to CRDs: to find out whether optional APIs (CloudNativePG, Gateway API) are installed.
Cluster-scoped, so always in a ClusterRole.
*/}}
{{- define "mathesar-operator.crdRules" -}}
# Read-only: to find out whether optional APIs (CloudNativePG, Gateway API) are installed. Cluster-scoped.
- apiGroups: ["apiextensions.k8s.io"]
  resources: ["customresourcedefinitions"]
  verbs: ["get", "list", "watch"]
{{- end }}
