using System.Security.Cryptography;
using System.Text;

namespace RegistryCheck.Web.Infrastructure.Notifications;

/// <summary>
/// Aliyun's RPC signature, version 1.0 (dysmsapi SendSms): the parameters sorted by name (ordinal), each name and
/// value percent-encoded as RFC 3986 says (UTF-8; only A–Z a–z 0–9 - _ . ~ stay, so a space is %20 and * is %2A),
/// joined with &amp; and =; the string to sign is <c>METHOD&amp;%2F&amp;</c> plus that query encoded once more; the
/// signature is Base64 of HMAC-SHA1 keyed with <c>AccessKeySecret&amp;</c>.
/// </summary>
public static class AliyunRpcSignature
{
    public static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length * 2);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>The sorted, encoded query without the signature (also the request body before <c>Signature</c> is appended).</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Where(p => p.Key != "Signature").OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => Encode(p.Key) + "=" + Encode(p.Value)));

    public static string StringToSign(string method, string canonicalQuery) => $"{method}&{Encode("/")}&{Encode(canonicalQuery)}";

    public static string Sign(string method, IEnumerable<KeyValuePair<string, string>> parameters, string accessKeySecret)
    {
        var text = StringToSign(method, CanonicalQuery(parameters));
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(accessKeySecret + "&"), Encoding.UTF8.GetBytes(text)));
    }
}
