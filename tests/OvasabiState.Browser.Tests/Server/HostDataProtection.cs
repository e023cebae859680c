using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;

namespace OvasabiState.Browser.Tests.Server;

/// <summary>
/// Data Protection (antiforgery tokens, circuit ids, prerendered component state) for a test
/// host, with a key ring of its own in memory. By default it lives in the machine's
/// <c>~/.aspnet/DataProtection-Keys</c>, created with a warning on the first run ever
/// (<see cref="ServerHostKeyTests"/>).
/// </summary>
internal static class HostDataProtection
{
    public static IServiceCollection AddHostOwnDataProtection(this IServiceCollection services)
    {
        // Not UseEphemeralDataProtectionProvider(): it replaces only the provider, while the
        // key ring is still loaded at startup (DataProtectionHostedService) from the default
        // directory, created there with the same warning. The certificate encrypts the key at
        // rest (in memory here): a key created with no XML encryptor is logged as a warning,
        // whatever the repository.
        services.AddDataProtection()
            .AddKeyManagementOptions(o => o.XmlRepository = new InMemoryXmlRepository())
            .ProtectKeysWithCertificate(CreateKeyCertificate());
        return services;
    }

    private static X509Certificate2 CreateKeyCertificate()
    {
        // The certificate keeps the RSA key for the host's lifetime: not disposed here.
        var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=OvasabiState test host keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    private sealed class InMemoryXmlRepository : IXmlRepository
    {
        private readonly ConcurrentQueue<XElement> _elements = new();

        public IReadOnlyCollection<XElement> GetAllElements() => _elements.Select(e => new XElement(e)).ToList();

        public void StoreElement(XElement element, string friendlyName) => _elements.Enqueue(new XElement(element));
    }
}
