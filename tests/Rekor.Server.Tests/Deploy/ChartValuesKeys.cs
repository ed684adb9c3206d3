namespace Rekor.Server.Tests.Deploy;

/// <summary>
/// The value keys of the sigstore <c>rekor</c> chart 1.8.4 (helm-charts 196f2126) that an overlay may set, as
/// /work/shared/reference/helm-chart.md documents them: the keys of the chart's values.yaml, plus the keys its
/// templates read although values.yaml does not declare them (§1, §3.1, §7, §8). Invariant: a key below a
/// <see cref="FreeForm"/> key is a Kubernetes object or list the template copies verbatim (toYaml), so any content is
/// accepted there.
/// </summary>
internal static class ChartValuesKeys
{
    /// <summary>Keys whose whole subtree is copied verbatim into a manifest or the argument list.</summary>
    public static readonly IReadOnlySet<string> FreeForm = new HashSet<string>(StringComparer.Ordinal)
    {
        "imagePullSecrets", "initContainerResources",
        "redis.args", "redis.resources", "redis.readinessProbe", "redis.livenessProbe", "redis.service.ports",
        "redis.serviceAccount.annotations", "redis.tolerations", "redis.nodeSelector", "redis.affinity",
        "redis.persistence.annotations", "redis.persistence.accessModes",
        "mysql.gcp.cloudsql.resources", "mysql.gcp.cloudsql.securityContext", "mysql.gcp.cloudsql.extraArgs",
        "mysql.gcp.cloudsql.startupProbe", "mysql.gcp.cloudsql.livenessProbe", "mysql.gcp.cloudsql.readinessProbe",
        "mysql.strategy",
        "server.ingress.hosts", "server.ingress.annotations", "server.ingress.tls", "server.ingresses",
        "server.service.ports", "server.service.annotations", "server.service.labels",
        "server.readinessProbe", "server.livenessProbe", "server.securityContext", "server.containerSecurityContext",
        "server.initContainerSecurityContext", "server.extraInitContainers", "server.strategy",
        "server.deploymentAnnotations", "server.podAnnotations", "server.podLabels", "server.resources",
        "server.extraArgs", "server.serviceAccount.annotations", "server.searchIndex.mysql.envCredentials",
        "server.tolerations", "server.nodeSelector", "server.affinity", "server.dnsConfig",
        "server.attestation_storage.persistence.annotations", "server.attestation_storage.persistence.accessModes",
        "createtree.serviceAccount.annotations", "createtree.securityContext", "createtree.resources",
        "createtree.annotations", "createtree.podAnnotations", "createtree.podLabels", "createtree.tolerations",
        "createtree.nodeSelector", "createtree.affinity",
        "backfillredis.securityContext", "backfillredis.resources", "backfillredis.annotations",
        "backfillredis.podAnnotations", "backfillredis.podLabels", "backfillredis.tolerations",
        "backfillredis.nodeSelector", "backfillredis.affinity",
    };

    /// <summary>Every other settable key, dotted from the root; a parent of a listed key is itself a key.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "namespace.create", "namespace.name", "forceNamespace", "schedulerName",
        "initContainerImage.curl.registry", "initContainerImage.curl.repository", "initContainerImage.curl.version",
        "initContainerImage.curl.imagePullPolicy",
        "redis.enabled", "redis.replicaCount", "redis.hostname", "redis.port", "redis.name", "redis.image.registry",
        "redis.image.repository", "redis.image.pullPolicy", "redis.image.version", "redis.persistence.enabled",
        "redis.persistence.existingClaim", "redis.persistence.storageClass", "redis.persistence.size",
        "redis.service.type", "redis.serviceAccount.create", "redis.serviceAccount.name",
        "mysql.enabled", "mysql.replicaCount", "mysql.name", "mysql.hostname", "mysql.port", "mysql.database",
        "mysql.fullnameOverride", "mysql.auth.existingSecret", "mysql.image.registry", "mysql.image.repository",
        "mysql.image.pullPolicy", "mysql.gcp.enabled", "mysql.gcp.instance", "mysql.gcp.cloudsql.registry",
        "mysql.gcp.cloudsql.repository", "mysql.gcp.cloudsql.version", "mysql.gcp.cloudsql.iamUsername",
        "mysql.gcp.cloudsql.unixDomainSocket.enabled", "mysql.gcp.cloudsql.unixDomainSocket.path",
        "server.enabled", "server.replicaCount", "server.name", "server.port", "server.image.registry",
        "server.image.repository", "server.image.pullPolicy", "server.image.version", "server.kmsType",
        "server.awsKmsRegion", "server.awsKmsCredentialsSecretName", "server.logging.production",
        "server.ingress.enabled", "server.ingress.className", "server.service.type", "server.signer",
        "server.signerFileSecretOptions.secretName", "server.signerFileSecretOptions.secretMountPath",
        "server.signerFileSecretOptions.secretMountSubPath", "server.signerFileSecretOptions.privateKeySecretKey",
        "server.sharding.mountPath", "server.sharding.filename", "server.sharding.contents",
        "server.config.key", "server.config.treeID", "server.retrieve_api.enabled",
        "server.attestation_storage.enabled", "server.attestation_storage.bucket",
        "server.attestation_storage.persistence.enabled", "server.attestation_storage.persistence.storageClass",
        "server.attestation_storage.persistence.size", "server.attestation_storage.persistence.mountPath",
        "server.attestation_storage.persistence.subPath", "server.attestation_storage.persistence.existingClaim",
        "server.gomemlimit", "server.priorityClassName", "server.serviceAccount.create", "server.serviceAccount.name",
        "server.searchIndex.storageProvider", "server.searchIndex.mysql.connMaxIdletime",
        "server.searchIndex.mysql.connMaxLifetime", "server.searchIndex.mysql.maxOpenConnections",
        "server.searchIndex.mysql.maxIdleConnections",
        "createtree.name", "createtree.force", "createtree.image.registry", "createtree.image.repository",
        "createtree.image.pullPolicy", "createtree.image.version", "createtree.ttlSecondsAfterFinished",
        "createtree.serviceAccount.create", "createtree.serviceAccount.name",
        "backfillredis.name", "backfillredis.enabled", "backfillredis.image.registry",
        "backfillredis.image.repository", "backfillredis.image.pullPolicy", "backfillredis.image.version",
        "backfillredis.ttlSecondsAfterFinished", "backfillredis.rekorAddress", "backfillredis.startIndex",
        "backfillredis.endIndex",
        "trillian.enabled", "trillian.namespace.name", "trillian.namespace.create", "trillian.forceNamespace",
        "trillian.fullnameOverride", "trillian.adminServer", "trillian.logServer.name",
        "trillian.logServer.fullnameOverride", "trillian.logServer.portHTTP", "trillian.logServer.portRPC",
        "trillian.logSigner.name", "trillian.logSigner.fullnameOverride", "trillian.mysql.fullnameOverride",
    };

    /// <summary>Whether <paramref name="path"/> (dotted) is a chart key, a parent of one, or inside a free-form key.</summary>
    public static bool Accepts(string path)
    {
        if (FreeForm.Contains(path) || Known.Contains(path))
        {
            return true;
        }

        var prefix = path + ".";
        if (Known.Any(k => k.StartsWith(prefix, StringComparison.Ordinal)) || FreeForm.Any(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            return true;
        }

        return FreeForm.Any(k => path.StartsWith(k + ".", StringComparison.Ordinal));
    }
}
