using System.Text;
using RegistryCheck.Web.Infrastructure.Sso;

namespace RegistryCheck.UnitTests.Sso;

/// <summary>The CAS answers and logout requests come over the network: well-formed ones read right, everything else fails quietly.</summary>
public class CasXmlTests
{
    private const string Ns = "xmlns:cas=\"http://www.yale.edu/tp/cas\"";

    [Fact]
    public void A_3_0_success_gives_the_user_and_its_attributes_with_repeated_values()
    {
        var result = CasXml.ParseServiceResponse(
            $"<cas:serviceResponse {Ns}><cas:authenticationSuccess><cas:user> 2026010001 </cas:user><cas:attributes>" +
            "<cas:xh>2026010001</cas:xh><cas:memberOf>a</cas:memberOf><cas:memberOf>b</cas:memberOf></cas:attributes>" +
            "</cas:authenticationSuccess></cas:serviceResponse>");

        Assert.True(result.Succeeded);
        Assert.Equal("2026010001", result.User);
        Assert.Equal(["2026010001"], result.Attributes["xh"]);
        Assert.Equal(["a", "b"], result.Attributes["memberOf"]);
    }

    [Fact]
    public void A_failure_gives_its_code()
    {
        var result = CasXml.ParseServiceResponse($"<cas:serviceResponse {Ns}><cas:authenticationFailure code=\"INVALID_TICKET\">no</cas:authenticationFailure></cas:serviceResponse>");
        Assert.False(result.Succeeded);
        Assert.Equal("INVALID_TICKET", result.FailureCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body>CAS is down</body></html>")]
    [InlineData("<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationSuccess><cas:user>x")]
    [InlineData("<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationSuccess><cas:user></cas:user></cas:authenticationSuccess></cas:serviceResponse>")]
    // The right element names in the wrong namespace are not a CAS answer.
    [InlineData("<serviceResponse><authenticationSuccess><user>admin</user></authenticationSuccess></serviceResponse>")]
    // Entities: a DTD is refused outright, so neither a billion laughs nor a file read can happen.
    [InlineData("<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationSuccess><cas:user>&c;</cas:user></cas:authenticationSuccess></cas:serviceResponse>")]
    [InlineData("<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationSuccess><cas:user>&x;</cas:user></cas:authenticationSuccess></cas:serviceResponse>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"http://127.0.0.1:1/dtd\"><cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"/>")]
    public void Malformed_or_hostile_answers_are_failures_not_exceptions(string xml)
    {
        var result = CasXml.ParseServiceResponse(xml);
        Assert.False(result.Succeeded);
        Assert.Null(result.User);
    }

    [Fact]
    public void An_oversized_answer_is_refused_before_parsing()
    {
        var xml = $"<cas:serviceResponse {Ns}><cas:authenticationSuccess><cas:user>u</cas:user><cas:attributes><cas:a>{new string('x', CasXml.MaxCharacters)}</cas:a></cas:attributes></cas:authenticationSuccess></cas:serviceResponse>";
        Assert.False(CasXml.ParseServiceResponse(xml).Succeeded);
    }

    [Fact]
    public void Random_bytes_and_truncations_of_a_valid_answer_never_throw()
    {
        var valid = $"<cas:serviceResponse {Ns}><cas:authenticationSuccess><cas:user>counselor</cas:user><cas:attributes><cas:gh>T1</cas:gh></cas:attributes></cas:authenticationSuccess></cas:serviceResponse>";
        var random = new Random(18);
        for (var i = 0; i < 2000; i++)
        {
            var chars = valid.ToCharArray();
            var mode = i % 3;
            string candidate;
            if (mode == 0)
            {
                candidate = valid[..random.Next(valid.Length)];
            }
            else if (mode == 1)
            {
                for (var k = 0; k < 3; k++)
                {
                    chars[random.Next(chars.Length)] = (char)random.Next(0, 0x3000);
                }

                candidate = new string(chars);
            }
            else
            {
                var bytes = new byte[random.Next(1, 400)];
                random.NextBytes(bytes);
                candidate = Encoding.UTF8.GetString(bytes);
            }

            var result = CasXml.ParseServiceResponse(candidate);
            Assert.True(!result.Succeeded || result.User is { Length: > 0 }, candidate);
        }
    }

    [Fact]
    public void A_logout_request_names_its_ticket_and_anything_else_names_none()
    {
        const string saml = "xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"";
        Assert.Equal("ST-1-abc", CasXml.SessionIndexOfLogoutRequest($"<samlp:LogoutRequest {saml} ID=\"x\" Version=\"2.0\"><saml:NameID>@NOT_USED@</saml:NameID><samlp:SessionIndex>ST-1-abc</samlp:SessionIndex></samlp:LogoutRequest>"));
        Assert.Null(CasXml.SessionIndexOfLogoutRequest($"<samlp:LogoutRequest {saml}><samlp:SessionIndex></samlp:SessionIndex></samlp:LogoutRequest>"));
        Assert.Null(CasXml.SessionIndexOfLogoutRequest("<LogoutRequest><SessionIndex>ST-1</SessionIndex></LogoutRequest>"));
        Assert.Null(CasXml.SessionIndexOfLogoutRequest($"<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/hostname\">]><samlp:LogoutRequest {saml}><samlp:SessionIndex>&e;</samlp:SessionIndex></samlp:LogoutRequest>"));
    }
}
