{#- Category of a city claim line that is neither a dispensing nor a lab test, from its nature
    (IR_NAT_V), executing specialty (IR_SPE_V) and activity (IR_ACT_V); snds.md §1.3. NULL: the
    line is no visit (complements, CCAM acts billed by physicians, transport ...). -#}
{% macro city_visit_category(nature, specialty, activity) -%}
    case
        when {{ activity }} in (19, 53, 54) then 'dentist_visit'
        when {{ nature }} in (3111, 3112) or {{ activity }} = 24 then 'nurse_visit'
        -- 11xx consultations (incl. teleconsultations 1191/1192), 12xx home visits
        when {{ nature }} between 1100 and 1299 and {{ specialty }} in (1, 22, 23)
            then 'gp_visit'
        when {{ nature }} between 1100 and 1299 and {{ specialty }} > 0
            then 'specialist_visit'
        when {{ nature }} between 1100 and 1299 then 'other_visit'
    end
{%- endmacro %}

{#- Chronic dialysis acts (snds.md §6.5): haemodialysis, haemodiafiltration, peritoneal. The
    list lives in seed condition_code_lists (criterion dialysis_act); this macro reads it. -#}
{% macro is_dialysis_act(ccam_code) -%}
    ({{ ccam_code }} in (
        select code_prefix from {{ ref('condition_code_lists') }}
        where criterion = 'dialysis_act'
    ))
{%- endmacro %}

{#- Days a dispensing covers (TreatmentPatterns-style coverage from the pack size): 30 days a
    box, 90 a box for large packs (PHA_CND_TOP = 'GC'), as SCALPEL's exposure gaps (snds.md §8). -#}
{% macro pharmacy_supply_days(n_boxes, is_large_pack) -%}
    cast({{ n_boxes }} * case when {{ is_large_pack }} then 90 else 30 end as integer)
{%- endmacro %}
