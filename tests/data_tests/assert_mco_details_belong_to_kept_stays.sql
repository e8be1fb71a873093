-- A kept PMSI diagnosis, act or unit always belongs to a kept stay of the same person.
{%- set detail_models = ['stg_snds__mco_diagnoses', 'stg_snds__mco_acts', 'stg_snds__mco_units'] %}
with

stays as (

    select * from {{ ref('stg_snds__mco_stays') }}

),

details as (

    {% for detail_model in detail_models %}
        select
            '{{ detail_model }}' as detail_model,
            stay_key,
            person_id
        from {{ ref(detail_model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select details.*
from details
left join stays on details.stay_key = stays.stay_key
where stays.stay_key is null or details.person_id is distinct from stays.person_id
