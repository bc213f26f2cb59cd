using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class SsoTicketUseConfiguration : IEntityTypeConfiguration<SsoTicketUse>
{
    public void Configure(EntityTypeBuilder<SsoTicketUse> b)
    {
        b.HasKey(x => x.TicketHash);
        b.Property(x => x.TicketHash).HasMaxLength(64);
        b.HasIndex(x => x.UsedAt);
    }
}
