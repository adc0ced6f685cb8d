using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Roll.Kestrel.Tests;

/// <summary>A self-signed server certificate for 127.0.0.1 and localhost, made once per test run.</summary>
internal static class TestCertificate
{
    private static readonly Lazy<X509Certificate2> s_certificate = new(Create);

    /// <summary>The certificate, with its private key.</summary>
    public static X509Certificate2 Value => s_certificate.Value;

    // snippet: self-signed-certificate
    private static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        // Through PKCS #12, so that the private key is one TLS can use on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }
    // end-snippet
}
