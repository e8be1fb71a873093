-- A kept DCIR detail row always belongs to a kept claim line, and carries its person and date.
{%- set detail_models = [
    'stg_snds__dcir_pharmacy', 'stg_snds__dcir_biology', 'stg_snds__dcir_ccam_acts',
    'stg_snds__dcir_establishments',
] %}
with

claims as (

    select * from {{ ref('stg_snds__dcir_claims') }}

),

details as (

    {% for detail_model in detail_models %}
        select
            '{{ detail_model }}' as detail_model,
            claim_key,
            person_id,
            care_date
        from {{ ref(detail_model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select details.*
from details
left join claims on details.claim_key = claims.claim_key
where
    claims.claim_key is null
    or details.person_id is distinct from claims.person_id
    or details.care_date is distinct from claims.care_date
