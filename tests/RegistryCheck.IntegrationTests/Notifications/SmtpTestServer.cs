using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using MimeKit;

namespace RegistryCheck.IntegrationTests.Notifications;

/// <summary>One message the test SMTP server accepted: the envelope and the message as MimeKit parses it.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string? User, MimeMessage Message);

/// <summary>
/// A real SMTP server for a test: Debian's python3-aiosmtpd running Notifications/smtp_server.py on 127.0.0.1 with
/// an ephemeral port (test.sh checks the package). Optional STARTTLS (a self-signed certificate made here) and AUTH.
/// </summary>
public sealed class SmtpTestServer : IDisposable
{
    private readonly Process _process;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "registrycheck-tests", "smtp-" + Guid.NewGuid().ToString("N"));

    private SmtpTestServer(bool tls, (string User, string Password)? auth, double delaySeconds)
    {
        Directory.CreateDirectory(_folder);
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Notifications", "smtp_server.py"));
        info.ArgumentList.Add("--out");
        info.ArgumentList.Add(_folder);
        if (tls)
        {
            var (cert, key) = WriteCertificate(_folder);
            info.ArgumentList.Add("--tls");
            info.ArgumentList.Add(cert);
            info.ArgumentList.Add(key);
        }

        if (auth is { } a)
        {
            info.ArgumentList.Add("--auth");
            info.ArgumentList.Add(a.User);
            info.ArgumentList.Add(a.Password);
        }

        if (delaySeconds > 0)
        {
            info.ArgumentList.Add("--delay");
            info.ArgumentList.Add(delaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        _process = Process.Start(info)!;
        var first = _process.StandardOutput.ReadLineAsync();
        if (!first.Wait(TimeSpan.FromSeconds(20)) || !int.TryParse(first.Result, out var port))
        {
            var error = _process.HasExited ? _process.StandardError.ReadToEnd() : "no port printed";
            _process.Kill();
            throw new InvalidOperationException("The test SMTP server (python3-aiosmtpd) did not start: " + error);
        }

        Port = port;
    }

    public int Port { get; }

    public static SmtpTestServer Start(bool tls = false, (string User, string Password)? auth = null, double delaySeconds = 0) =>
        new(tls, auth, delaySeconds);

    /// <summary>The portal settings that point the e-mail channel here.</summary>
    public Dictionary<string, string?> Settings(string security = "None", string? user = null, string? password = null) => new()
    {
        ["Notifications:Email:Host"] = "127.0.0.1",
        ["Notifications:Email:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Email:Security"] = security,
        ["Notifications:Email:UserName"] = user,
        ["Notifications:Email:Password"] = password,
        ["Notifications:Email:From"] = "学籍核对 <xjhd@example.edu.cn>",
        ["Notifications:Email:AcceptInvalidCertificate"] = "true",
        ["Notifications:Email:TimeoutSeconds"] = "10",
    };

    public IReadOnlyList<ReceivedMail> Received()
    {
        var mails = new List<ReceivedMail>();
        foreach (var eml in Directory.GetFiles(_folder, "*.eml").Order())
        {
            var envelope = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(eml, ".json"))).RootElement;
            using var stream = File.OpenRead(eml);
            mails.Add(new ReceivedMail(envelope.GetProperty("from").GetString()!,
                envelope.GetProperty("to").EnumerateArray().Select(e => e.GetString()!).ToList(),
                envelope.GetProperty("user").ValueKind == JsonValueKind.String ? envelope.GetProperty("user").GetString() : null,
                MimeMessage.Load(stream)));
        }

        return mails;
    }

    /// <summary>Waits until at least <paramref name="count"/> messages arrived (or the time is up) and returns them.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(int count, TimeSpan? limit = null)
    {
        var watch = Stopwatch.StartNew();
        while (Directory.GetFiles(_folder, "*.eml").Length < count && watch.Elapsed < (limit ?? TimeSpan.FromSeconds(30)))
        {
            await Task.Delay(100);
        }

        return Received();
    }

    private static (string Cert, string Key) WriteCertificate(string folder)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(folder, "cert.pem");
        var keyPath = Path.Combine(folder, "key.pem");
        File.WriteAllText(certPath, cert.ExportCertificatePem());
        File.WriteAllText(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
