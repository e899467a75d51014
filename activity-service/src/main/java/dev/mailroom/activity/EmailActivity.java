package dev.mailroom.activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** An email activity (Dataverse table {@code email}); columns keep Dataverse's logical names. */
@Entity
@Table(name = "email")
public class EmailActivity {

    @Id
    public UUID activityid;

    public String subject;

    public String description;

    @Column(nullable = false)
    public boolean directioncode = true;

    @Column(nullable = false)
    public int statecode;

    @Column(nullable = false)
    public int statuscode;

    @Column(nullable = false)
    public int prioritycode = 1;

    @Column(nullable = false)
    public int deliveryattempts;

    public String sender;

    public String torecipients;

    public String messageid;

    public String trackingtoken;

    public Instant senton;

    /** The bulk job (asyncoperation) that created this email, or null. */
    public UUID asyncoperationid;
    public String inreplyto;

    /** How an incoming email was tied to its conversation (Dataverse correlationmethod: 3 InReplyTo, 4 token). */
    @Column(nullable = false)
    public int correlationmethod;

    /** The email an incoming one replies to, found by correlation. */
    public UUID parentactivityid;

    public UUID regardingobjectid;

    public String regardingobjecttypecode;

    public UUID sendermailboxid;

    public UUID receivingmailboxid;

    @Column(nullable = false)
    public Instant createdon;

    @Column(nullable = false)
    public Instant modifiedon;

    /** Row version behind the weak {@code @odata.etag}. */
    @Version
    public long versionnumber;

    @OneToMany(mappedBy = "email", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("activitypartyid")
    public List<ActivityParty> parties = new ArrayList<>();

    public EmailStatus status() {
        return EmailStatus.fromStatuscode(statuscode)
                .orElseThrow(() -> new IllegalStateException("Unknown statuscode " + statuscode));
    }

    public void moveTo(EmailStatus status, Instant now) {
        statuscode = status.statuscode();
        statecode = status.state().statecode();
        modifiedon = now;
    }

    public List<String> partyAddresses(ParticipationType type) {
        return parties.stream().filter(party -> party.is(type)).map(party -> party.addressused)
                .collect(Collectors.toList());
    }

    public Optional<String> senderAddress() {
        List<String> senders = partyAddresses(ParticipationType.SENDER);
        return senders.size() == 1 ? Optional.of(senders.get(0)) : Optional.empty();
    }

    public boolean hasRecipients() {
        return parties.stream().anyMatch(party -> ParticipationType.fromMask(party.participationtypemask)
                .map(ParticipationType::isRecipient).orElse(false));
    }
}
