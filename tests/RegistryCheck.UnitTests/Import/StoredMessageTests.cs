using RegistryCheck.Web.Features.Import;
using RegistryCheck.Web.Features.Shared;

namespace RegistryCheck.UnitTests.Import;

/// <summary>
/// Import jobs keep their messages as JSON in the job row (Error, ResultJson). Rows written while the type was
/// called ImportMessage, and the plain-text errors of the first version, must read back unchanged.
/// </summary>
public class StoredMessageTests
{
    [Fact]
    public void An_error_stored_by_the_earlier_message_type_reads_back_with_its_arguments()
    {
        var message = ImportJson.ReadMessage("""{"key":"学号 {0} 与一个工作人员账号的用户名相同","args":["2026010001"]}""");

        Assert.NotNull(message);
        Assert.Equal("学号 {0} 与一个工作人员账号的用户名相同", message.Key);
        Assert.Equal(["2026010001"], message.Args);
        Assert.Null(message.Field);
    }

    [Fact]
    public void A_plain_text_error_from_before_json_reads_back_as_its_key()
    {
        var message = ImportJson.ReadMessage("导入失败");

        Assert.NotNull(message);
        Assert.Equal("导入失败", message.Key);
        Assert.Empty(message.Args);
    }

    [Fact]
    public void Rejected_rows_of_a_stored_preview_keep_their_reasons()
    {
        var result = ImportResult.Read("""{"rejected":[{"row":3,"studentNumber":"2026010009","reasons":[{"key":"证件号码{0}","args":["校验位错误"]},{"key":"名册中没有数据行","args":[]}]}],"unmatched":[{"file":"a.jpg","reason":{"key":"不是照片","args":[]}}]}""");

        var row = Assert.Single(result.Rejected);
        Assert.Equal(3, row.Row);
        Assert.Equal(["证件号码{0}", "名册中没有数据行"], row.Reasons.Select(r => r.Key));
        Assert.Equal(["校验位错误"], row.Reasons[0].Args);
        Assert.Equal("不是照片", Assert.Single(result.Unmatched).Reason.Key);
    }

    [Fact]
    public void A_message_is_written_as_before_without_a_field()
    {
        Assert.Equal("""{"key":"班级“{0}”不存在","args":["一班"]}""", ImportJson.Message(new UserMessage("班级“{0}”不存在", "一班")));
    }
}
