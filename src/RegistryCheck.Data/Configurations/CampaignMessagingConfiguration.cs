using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class CampaignMessagingConfiguration : IEntityTypeConfiguration<CampaignMessaging>
{
    public void Configure(EntityTypeBuilder<CampaignMessaging> b)
    {
        b.HasKey(x => x.CampaignId);
        b.Property(x => x.CampaignId).ValueGeneratedNever();
        b.Property(x => x.ReminderDaysBefore).HasMaxLength(FieldLengths.ShortText);
        b.Property(x => x.XuexinReminderDaysBefore).HasMaxLength(FieldLengths.ShortText);
        b.Property(x => x.SummaryReminderDaysBefore).HasMaxLength(FieldLengths.ShortText);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Campaign>().WithOne().HasForeignKey<CampaignMessaging>(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}
