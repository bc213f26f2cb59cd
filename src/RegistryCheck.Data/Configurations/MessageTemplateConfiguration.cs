using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class MessageTemplateConfiguration : IEntityTypeConfiguration<MessageTemplate>
{
    public const int Subject = 100;
    public const int Body = 500;

    public void Configure(EntityTypeBuilder<MessageTemplate> b)
    {
        b.Property(x => x.Language).HasMaxLength(10);
        b.Property(x => x.Subject).HasMaxLength(Subject);
        b.Property(x => x.Body).HasMaxLength(Body);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.CampaignId, x.Kind, x.Language, x.Channel }).IsUnique();
        b.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}
