using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Batches;

public static class BatchLabels
{
    public static string Of(BatchStatus status) => status switch
    {
        BatchStatus.Draft => "草稿",
        BatchStatus.Submitted => "已报送，待处理",
        BatchStatus.Opened => "学籍管理科处理中",
        BatchStatus.Completed => "已全部处理",
        _ => status.ToString(),
    };
}
