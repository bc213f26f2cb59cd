using RegistryCheck.Web.Infrastructure.Notifications;

namespace RegistryCheck.UnitTests.Notifications;

/// <summary>
/// The Aliyun RPC signature against known vectors: the SendSms example of Aliyun's SMS documentation (GET, keys
/// testId / testSecret), the DescribeRegions example of its RPC signature documentation, and a POST request with a
/// space, * and ~ in its values computed independently with Python's hmac/urllib (docs/notifications.md).
/// </summary>
public sealed class AliyunRpcSignatureTests
{
    private static readonly Dictionary<string, string> SmsDocExample = new()
    {
        ["AccessKeyId"] = "testId", ["Action"] = "SendSms", ["Format"] = "XML", ["OutId"] = "123",
        ["PhoneNumbers"] = "15300000001", ["RegionId"] = "cn-hangzhou", ["SignName"] = "阿里云短信测试专用",
        ["SignatureMethod"] = "HMAC-SHA1", ["SignatureNonce"] = "45e25e9b-0a6f-4070-8c85-2956eda1b466",
        ["SignatureVersion"] = "1.0", ["TemplateCode"] = "SMS_71390007", ["TemplateParam"] = "{\"customer\":\"test\"}",
        ["Timestamp"] = "2017-07-12T02:42:19Z", ["Version"] = "2017-05-25",
    };

    [Fact]
    public void The_documented_SendSms_example_gives_the_documented_string_to_sign_and_signature()
    {
        Assert.Equal(
            "GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26Format%3DXML%26OutId%3D123%26PhoneNumbers%3D15300000001"
            + "%26RegionId%3Dcn-hangzhou%26SignName%3D%25E9%2598%25BF%25E9%2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1"
            + "%25E6%25B5%258B%25E8%25AF%2595%25E4%25B8%2593%25E7%2594%25A8%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D"
            + "45e25e9b-0a6f-4070-8c85-2956eda1b466%26SignatureVersion%3D1.0%26TemplateCode%3DSMS_71390007%26TemplateParam%3D"
            + "%257B%2522customer%2522%253A%2522test%2522%257D%26Timestamp%3D2017-07-12T02%253A42%253A19Z%26Version%3D2017-05-25",
            AliyunRpcSignature.StringToSign("GET", AliyunRpcSignature.CanonicalQuery(SmsDocExample)));
        Assert.Equal("zJDF+Lrzhj/ThnlvIToysFRq6t4=", AliyunRpcSignature.Sign("GET", SmsDocExample, "testSecret"));
    }

    [Fact]
    public void The_documented_DescribeRegions_example_gives_its_signature()
    {
        var p = new Dictionary<string, string>
        {
            ["Format"] = "XML", ["AccessKeyId"] = "testid", ["Action"] = "DescribeRegions", ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", ["SignatureVersion"] = "1.0", ["Version"] = "2014-05-26",
            ["Timestamp"] = "2016-02-23T12:46:24Z",
        };
        Assert.Equal("OLeaidS1JvxuMvnyHOwuJ+uX5qY=", AliyunRpcSignature.Sign("GET", p, "testsecret"));
    }

    [Fact]
    public void A_POST_with_space_star_and_tilde_matches_an_independent_computation()
    {
        // python3: urllib.parse.quote(v, safe='~') per name and value, sorted, "POST&%2F&" + quote(query), HMAC-SHA1 "testSecret&".
        var p = new Dictionary<string, string>(SmsDocExample)
        {
            ["Format"] = "JSON",
            ["TemplateParam"] = "{\"name\":\"李 明*轩~\",\"link\":\"https://x.example/a b\"}",
        };
        Assert.Equal("nokxJDpccfNIUOdAHlZLQ0oEdfs=", AliyunRpcSignature.Sign("POST", p, "testSecret"));
        Assert.Equal("Xvhv7fPXrPkLVSnlt0jIr08o8NQ=", AliyunRpcSignature.Sign("POST", SmsDocExample, "testSecret"));
    }

    [Theory]
    [InlineData("a b", "a%20b")]
    [InlineData("*", "%2A")]
    [InlineData("~-_.", "~-_.")]
    [InlineData("a+b/c=d&e", "a%2Bb%2Fc%3Dd%26e")]
    [InlineData("李", "%E6%9D%8E")]
    public void Percent_encoding_follows_RFC_3986(string value, string encoded) =>
        Assert.Equal(encoded, AliyunRpcSignature.Encode(value));

    [Fact]
    public void A_Signature_parameter_is_not_part_of_what_is_signed()
    {
        var with = new Dictionary<string, string>(SmsDocExample) { ["Signature"] = "whatever" };
        Assert.Equal(AliyunRpcSignature.Sign("GET", SmsDocExample, "testSecret"), AliyunRpcSignature.Sign("GET", with, "testSecret"));
    }
}
