using System.Xml;
using System.Xml.Linq;

namespace RegistryCheck.Web.Infrastructure.Sso;

/// <summary>What the CAS server said about a service ticket.</summary>
public sealed record CasValidation(bool Succeeded, string? User, IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes, string? FailureCode)
{
    public static CasValidation Failure(string code) => new(false, null, new Dictionary<string, IReadOnlyList<string>>(), code);
}

/// <summary>
/// Reads the CAS server's XML: the /serviceValidate and /p3/serviceValidate answer (protocol 2.0 and 3.0) and the
/// single-logout request. The XML comes over the network: no DTD (so no entity expansion and no external entities),
/// no resolver, bounded size; anything malformed is a failure, never an exception to the caller.
/// </summary>
public static class CasXml
{
    public static readonly XNamespace Cas = "http://www.yale.edu/tp/cas";
    private static readonly XNamespace Samlp = "urn:oasis:names:tc:SAML:2.0:protocol";

    /// <summary>Characters of a document we read at most: a real answer is a few hundred bytes.</summary>
    public const int MaxCharacters = 64 * 1024;

    private const int MaxAttributes = 64;
    private const int MaxValueLength = 512;

    public static CasValidation ParseServiceResponse(string xml)
    {
        var root = Load(xml);
        if (root is null || root.Name != Cas + "serviceResponse")
        {
            return CasValidation.Failure("MALFORMED_RESPONSE");
        }

        if (root.Element(Cas + "authenticationFailure") is { } failure)
        {
            return CasValidation.Failure(Bounded((string?)failure.Attribute("code")) ?? "UNKNOWN");
        }

        var success = root.Element(Cas + "authenticationSuccess");
        var user = Bounded(success?.Element(Cas + "user")?.Value.Trim());
        if (string.IsNullOrEmpty(user))
        {
            return CasValidation.Failure("MALFORMED_RESPONSE");
        }

        var attributes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var elements = success!.Element(Cas + "attributes")?.Elements().Take(MaxAttributes) ?? [];
        foreach (var group in elements.GroupBy(e => e.Name.LocalName, StringComparer.Ordinal))
        {
            attributes[group.Key] = group.Select(e => Bounded(e.Value.Trim()) ?? "").ToList();
        }

        return new CasValidation(true, user, attributes, null);
    }

    /// <summary>The service ticket named by a SAML single-logout request (its SessionIndex), or null.</summary>
    public static string? SessionIndexOfLogoutRequest(string xml)
    {
        var root = Load(xml);
        if (root is null || root.Name != Samlp + "LogoutRequest")
        {
            return null;
        }

        return Bounded(root.Element(Samlp + "SessionIndex")?.Value.Trim()) is { Length: > 0 } index ? index : null;
    }

    private static XElement? Load(string xml)
    {
        if (string.IsNullOrEmpty(xml) || xml.Length > MaxCharacters)
        {
            return null;
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return XDocument.Load(reader, LoadOptions.None).Root;
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static string? Bounded(string? value) => value is null || value.Length <= MaxValueLength ? value : null;
}
