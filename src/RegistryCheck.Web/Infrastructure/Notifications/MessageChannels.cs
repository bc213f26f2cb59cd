using Microsoft.Extensions.Options;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Infrastructure.Notifications;

/// <summary>Which channels are configured, and the address of a recipient on each.</summary>
public sealed class MessageChannels(IOptionsMonitor<NotificationOptions> options)
{
    public static readonly MessageChannel[] All = [MessageChannel.Email, MessageChannel.WeCom, MessageChannel.Sms];

    public bool IsConfigured(MessageChannel channel)
    {
        var o = options.CurrentValue;
        return channel switch
        {
            MessageChannel.Email => o.Email.IsConfigured,
            MessageChannel.WeCom => o.WeCom.IsConfigured,
            MessageChannel.Sms => o.Sms.IsConfigured,
            _ => false,
        };
    }

    public IReadOnlyList<MessageChannel> Configured() => All.Where(IsConfigured).ToList();

    /// <summary>
    /// The recipient's address on a channel, or null when the channel is off or cannot reach them. With
    /// <paramref name="ownOnly"/> (a message with a one-time code) only contact details the student entered count:
    /// a roster phone is often a parent's.
    /// </summary>
    public string? AddressOf(MessageChannel channel, MessageRecipient r, MessageKind kind, bool ownOnly = false)
    {
        if (!IsConfigured(channel))
        {
            return null;
        }

        var o = options.CurrentValue;
        return channel switch
        {
            MessageChannel.Email when !string.IsNullOrWhiteSpace(r.Email) && (!ownOnly || r.EmailByStudent) => r.Email.Trim(),
            // A WeCom id comes from the roster (or is the 学号), never from the student: not for one-time codes.
            MessageChannel.WeCom when !ownOnly && !string.IsNullOrWhiteSpace(r.WeComUserId) => r.WeComUserId.Trim(),
            MessageChannel.WeCom when !ownOnly && o.WeCom.StudentNumberIsUserId => r.StudentNumber,
            MessageChannel.Sms when !string.IsNullOrWhiteSpace(r.Phone) && (!ownOnly || r.PhoneByStudent) && o.Sms.TemplateFor(kind) is not null => r.Phone.Trim(),
            _ => null,
        };
    }
}
