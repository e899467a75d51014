package dev.mailroom.activity;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A sender or recipient of an email (Dataverse activityparty); an unresolved party is just an address. */
@Entity
@Table(name = "activityparty")
public class ActivityParty {

    @Id
    public UUID activitypartyid;

    @ManyToOne(optional = false)
    @JoinColumn(name = "activityid")
    public EmailActivity email;

    @Column(nullable = false)
    public int participationtypemask;

    public String addressused;

    /** The record the party is (contact, account, lead, systemuser, queue), or null for a bare address. */
    public UUID partyid;

    public String partyobjecttypecode;

    public boolean is(ParticipationType type) {
        return participationtypemask == type.mask();
    }
}
